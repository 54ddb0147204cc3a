import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { db } from '@/lib/db/client';
import { session as sessionTable, user as userTable } from '@/lib/db/schema';
import { reviewDecisions } from '@/lib/db/schema-review';
import { claimWorkflow, releaseClaim } from '@/lib/review/claims';
import { indexedOutput, indexedWorkflow } from '@/lib/db/schema-risk';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { GET as live } from './live/route';

/**
 * The live queue channel: refusals before anything is read, the polling answer (new items of the scope only, the
 * header count), and the event stream (a new item within a couple of seconds, a reconnect resuming from its id).
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const MODERATOR: SessionUser = { id: 'u-mo', email: 'mo@example.test', name: 'Mo', role: 'moderator', sessionId: 's-mo' };
let database: TestDatabase;
let sequence = 0;

function get(query: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return live(new Request(`http://console.test/api/live${query}`, { headers, signal }), { params: Promise.resolve({}) });
}

/** Indexes one workflow of user 77 now, with one output at `csam` percent. */
async function indexOne(csam: number, tags: string[] = []): Promise<string> {
  sequence += 1;
  const id = `77-2026120212000000${String(sequence).padStart(2, '0')}`;
  const now = new Date();
  const database = await db();
  await database.insert(indexedWorkflow).values({
    id,
    ownerId: 77,
    tags,
    status: 'succeeded',
    createdAt: now,
    completedAt: now,
    outputCount: 1,
    worstCsam: csam,
    unreadableOutputs: 0,
    indexedAt: now,
    source: 'callback',
  });
  await database.insert(indexedOutput).values({
    blobId: `${id}-blob.jpeg`,
    workflowId: id,
    jobId: 'job',
    stepName: '$0',
    ordinal: 0,
    position: 0,
    mediaType: 'image',
    available: 'true',
    nsfwLevel: 'pg',
    scanRead: true,
    csamPercent: csam,
    csamReadable: true,
    createdAt: now,
    indexedAt: now,
  });
  return id;
}

/** Reads server-sent event frames until one satisfies `done` (or the time is up). */
async function readFrames(response: Response, done: (frames: string[]) => boolean, timeoutMs = 8_000): Promise<string[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const frames: string[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(frames) && Date.now() < deadline) {
    const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
    if (!next || next.done) break;
    buffer += next.value;
    const parts = buffer.split('\n\n');
    buffer = parts.pop()!;
    frames.push(...parts);
  }
  await reader.cancel();
  return frames;
}

const eventOf = (frame: string) => /^event: (\w+)$/m.exec(frame)?.[1];
const idOf = (frame: string) => /^id: (\S+)$/m.exec(frame)?.[1];
const dataOf = (frame: string) => JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) as { items?: { id: string }[]; aboveUnreviewed?: number };

beforeAll(async () => {
  database = await openTestDatabase('PGlite');
});
afterAll(() => database.dispose());
beforeEach(() => {
  session.requireRole.mockReset();
  session.requireRole.mockResolvedValue(MODERATOR);
});

describe('GET /api/live refusals', () => {
  it('answers 401 without a session, before reading anything', async () => {
    session.requireRole.mockRejectedValue(new AuthError('unauthenticated'));
    expect((await get('?poll=1')).status).toBe(401);
    expect((await get('')).status).toBe(401);
    expect((await get('?userId=77')).status).toBe(401);
  });

  it('answers the counts alone as JSON, not as a stream, when no queue or list is named', async () => {
    const response = await get('');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ items: [], counts: { aboveUnreviewed: expect.any(Number) } });
  });

  it('refuses a cursor it did not give out, a bad scope and a mistyped preset with 400 naming the field', async () => {
    for (const [query, field] of [
      ['?poll=1&after=yesterday', 'after'],
      ['?poll=2', 'poll'],
      ['?poll=1&minRisk=high', 'minRisk'],
      ['?poll=1&preset=everything', 'preset'],
    ] as const) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toMatchObject({ field });
    }
    const badHeader = await get('?poll=1', { 'last-event-id': '../../etc' });
    expect(badHeader.status).toBe(400);
    expect(await badHeader.json()).toMatchObject({ field: 'Last-Event-ID' });
  });

  it('checks the preset’s own role (a viewer cannot follow the CSAM queue)', async () => {
    session.requireRole.mockImplementation(async (role: string) => {
      if (role === 'viewer') return { ...MODERATOR, role: 'viewer' };
      throw new AuthError('forbidden');
    });
    expect((await get('?poll=1&preset=unreviewed-csam')).status).toBe(403);
    expect((await get('?poll=1&minRisk=near')).status).toBe(200);
  });
});

describe('GET /api/live?poll=1', () => {
  it('answers what is new for the scope since the cursor, and the count of unreviewed outputs above', async () => {
    type Poll = { cursor: string; items: { id: string; risk: { band: string } }[]; counts: { aboveUnreviewed: number } };
    const start = (await (await get('?poll=1&userId=77&minRisk=near')).json()) as Poll;
    expect(start.items).toEqual([]);
    const above = await indexOne(61.5);
    await indexOne(2.5);
    const near = await indexOne(22.4, ['user:5']);
    const reviewed = await indexOne(80, ['review:ok']);
    const next = (await (await get(`?poll=1&userId=77&minRisk=near&after=${start.cursor}`)).json()) as Poll;
    expect(next.items.map((item) => [item.id, item.risk.band])).toEqual([
      [above, 'above'],
      [near, 'near'],
      [reviewed, 'above'],
    ]);
    // The tagged one was reviewed elsewhere; a console decision removes the other from the count too.
    expect(next.counts.aboveUnreviewed).toBe(start.counts.aboveUnreviewed + 1);
    await (await db()).insert(reviewDecisions).values({
      id: crypto.randomUUID(),
      subjectKey: above,
      workflowId: above,
      version: 1,
      action: 'decide',
      kind: 'flagged',
      decidedById: MODERATOR.id,
      decidedByEmail: MODERATOR.email,
      decidedByName: MODERATOR.name,
      decidedByRole: MODERATOR.role,
      workflowVersionSeen: 'succeeded:0',
      decidedAt: new Date(),
    });
    // The count is shared for 2 s while the index does not move; a decision shows after that.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_000);
    const after = (await (await get(`?poll=1&after=${next.cursor}`)).json()) as Poll;
    vi.useRealTimers();
    expect(after.items).toEqual([]);
    expect(after.counts.aboveUnreviewed).toBe(start.counts.aboveUnreviewed);
  });

  it('keeps decided and review-tagged workflows out of the CSAM preset', async () => {
    const { cursor } = (await (await get('?poll=1&preset=unreviewed-csam')).json()) as { cursor: string };
    const fresh = await indexOne(70);
    await indexOne(90, ['review:flagged']);
    await indexOne(1);
    const { items } = (await (await get(`?poll=1&preset=unreviewed-csam&after=${cursor}`)).json()) as { items: { id: string }[] };
    expect(items.map((item) => item.id)).toEqual([fresh]);
  });
});

describe('GET /api/live (event stream)', () => {
  it('sends a new matching item within seconds, and a reconnect with Last-Event-ID resumes after the point it names', async () => {
    const abort = new AbortController();
    const response = await get('?userId=77&minRisk=above', {}, abort.signal);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toContain('no-transform');
    const opened = Date.now();
    let id = '';
    const framesPromise = readFrames(response, (frames) => frames.some((frame) => eventOf(frame) === 'items'));
    // Give the stream its first counts event (its starting point), then index one item.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresh = await indexOne(75);
    await indexOne(3);
    const frames = await framesPromise;
    abort.abort();
    const items = frames.find((frame) => eventOf(frame) === 'items');
    expect(items, frames.join('\n---\n')).toBeDefined();
    expect(dataOf(items!).items!.map((item) => item.id)).toEqual([fresh]);
    expect(Date.now() - opened).toBeLessThan(5_000);
    id = idOf(frames.find((frame) => eventOf(frame) === 'counts')!)!;
    expect(frames[0]).toBe('retry: 3000');

    // Resuming from the first counts event (before the item) delivers the item again; from its own id, nothing.
    const resumed = await readFrames(await get('?userId=77&minRisk=above', { 'last-event-id': id }), (seen) => seen.some((frame) => eventOf(frame) === 'counts'));
    expect(resumed.filter((frame) => eventOf(frame) === 'items').flatMap((frame) => dataOf(frame).items!.map((item) => item.id))).toEqual([fresh]);
    const caughtUp = await readFrames(await get('?userId=77&minRisk=above', { 'last-event-id': idOf(items!)! }), (seen) => seen.some((frame) => eventOf(frame) === 'counts'));
    expect(caughtUp.filter((frame) => eventOf(frame) === 'items')).toEqual([]);
  });

  it('carries presence: a claim made while a workflow page listens arrives within 2 s, and so does its release', async () => {
    const holder: SessionUser = { id: 'u-claims', email: 'claims@example.test', name: 'Mo Moderator', role: 'moderator', sessionId: 's-claims' };
    await (await db()).insert(userTable).values({ id: holder.id, name: holder.name, email: holder.email, role: holder.role });
    await (await db()).insert(sessionTable).values({ id: holder.sessionId, token: 't-claims', userId: holder.id, expiresAt: new Date(Date.now() + 3_600_000) });
    const workflowId = await indexOne(12);
    const claimsIn = (frame: string) => (JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) as { claims: { workflowId: string; by: { name: string } }[] }).claims;
    const holds = (frames: string[], held: boolean) =>
      frames.some((frame) => eventOf(frame) === 'claims' && claimsIn(frame).some((claim) => claim.workflowId === workflowId) === held);

    const abort = new AbortController();
    const response = await get('?presence=1', {}, abort.signal);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = readFrames(response, (frames) => holds(frames, true) && holds(frames.slice(frames.findIndex((frame) => holds([frame], true)) + 1), false));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const claimedAt = Date.now();
    await claimWorkflow(holder, { workflowId }, { ip: null, requestId: 'req-live' });
    // Released a second later: the stream must report that too.
    const released = new Promise((resolve) => setTimeout(resolve, 1_000)).then(() => releaseClaim(holder, workflowId));
    const frames = await reader;
    await released;
    abort.abort();
    const claimed = frames.find((frame) => holds([frame], true));
    expect(claimed, frames.join('\n---\n')).toBeDefined();
    expect(claimsIn(claimed!).find((claim) => claim.workflowId === workflowId)!.by.name).toBe('Mo Moderator');
    expect(holds(frames.slice(frames.indexOf(claimed!) + 1), false)).toBe(true);
    expect(Date.now() - claimedAt).toBeLessThan(3_500);

    const polled = (await (await get('?poll=1')).json()) as { claims: unknown[] };
    expect(polled.claims).toEqual([]);
  });
});
