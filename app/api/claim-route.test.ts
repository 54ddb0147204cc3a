import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/index';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { session as sessionTable, user as userTable } from '@/lib/db/schema';
import { reviewClaim, reviewDecisions } from '@/lib/db/schema-review';
import { startConsoleUnderTest, type ConsoleUnderTest } from '@/test/console-under-test';
import type { TestDatabase } from '@/test/databases';
import { POST as bulkDecide } from './decisions/bulk/route';
import { POST as decide } from './decisions/route';
import { DELETE as release, POST as claim } from './queue/claim/route';

/**
 * POST/DELETE /api/queue/claim: a claim answers who holds it until when; what is not claimable is refused before
 * anything is written (no such workflow 404, a viewer 403, a renewal after the claim ran out 409, a bad body 400),
 * and a decision on a workflow another reviewer holds is refused (409) naming them.
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const MO: SessionUser = { id: 'u-mo', email: 'mo@example.test', name: 'Mo Moderator', role: 'moderator', sessionId: 's-mo' };
const KIM: SessionUser = { id: 'u-kim', email: 'kim@example.test', name: 'Kim', role: 'moderator', sessionId: 's-kim' };
const MISSING_WORKFLOW = '123-20200101000000000';

let emulator: RunningEmulator;
let database: TestDatabase;
let started: ConsoleUnderTest;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function send(handler: Handler, method: 'POST' | 'DELETE', path: string, body: unknown, as: SessionUser = MO) {
  session.requireRole.mockResolvedValue(as);
  const request = new Request(`http://console.test${path}`, {
    method,
    headers: { 'content-type': 'application/json', host: 'console.test' },
    body: JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const claims = () => database.handle.db.select().from(reviewClaim);

beforeAll(async () => {
  started = await startConsoleUnderTest({ workflows: 40 });
  ({ emulator, database } = started);
  for (const person of [MO, KIM]) {
    await database.handle.db.insert(userTable).values({ id: person.id, name: person.name, email: person.email, role: person.role });
    await database.handle.db.insert(sessionTable).values({ id: person.sessionId, token: `t-${person.id}`, userId: person.id, expiresAt: new Date(Date.now() + 3_600_000) });
  }
});

afterAll(async () => {
  await started?.dispose();
});

beforeEach(async () => {
  session.requireRole.mockReset();
  await database.handle.db.delete(reviewClaim);
});

describe('POST /api/queue/claim', () => {
  it('claims a workflow (200 with who and until when) and answers a second reviewer 409 naming the holder', async () => {
    const { workflowId } = emulator.control.scenarios.riskyUser;
    const first = await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ claim: { workflowId, by: { id: MO.id, name: 'Mo Moderator' }, since: expect.any(String), until: expect.any(String) } });
    const minutes = (Date.parse((first.body.claim as { until: string }).until) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThanOrEqual(5);

    const second = await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId }, KIM);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ kind: 'conflict', title: 'Mo Moderator is reviewing this (0 min).' });
  });

  it('answers 404 for a workflow that does not exist, with nothing claimed', async () => {
    const { status, body } = await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId: MISSING_WORKFLOW });
    expect(status).toBe(404);
    expect(body).toMatchObject({ kind: 'not_found' });
    expect(await claims()).toEqual([]);
  });

  it('answers 403 to a viewer, with nothing claimed', async () => {
    session.requireRole.mockRejectedValue(new AuthError('forbidden'));
    const request = new Request('http://console.test/api/queue/claim', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'console.test' },
      body: JSON.stringify({ workflowId: emulator.control.scenarios.riskyUser.workflowId }),
    });
    expect((await claim(request, { params: Promise.resolve({}) })).status).toBe(403);
    expect(session.requireRole).toHaveBeenCalledWith('moderator', expect.any(Request));
    expect(await claims()).toEqual([]);
  });

  it('answers 409 to a renewal of a claim that ran out or was never made', async () => {
    const { workflowId } = emulator.control.scenarios.gallery;
    const stale = await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId, renew: true });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: 'conflict', title: expect.stringMatching(/ran out/) });

    await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId });
    await database.handle.db.update(reviewClaim).set({ claimedAt: new Date(Date.now() - 600_000), expiresAt: new Date(Date.now() - 1_000) });
    expect((await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId, renew: true })).status).toBe(409);
  });

  it('answers 400 naming the field for a body that is not a claim', async () => {
    for (const [body, field] of [
      [{}, 'workflowId'],
      [{ workflowId: '../../etc' }, 'workflowId'],
      [{ workflowId: MISSING_WORKFLOW, renew: 'yes' }, 'renew'],
      [{ workflowId: MISSING_WORKFLOW, owner: 'me' }, 'body'],
    ] as const) {
      const { status, body: problem } = await send(claim as Handler, 'POST', '/api/queue/claim', body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(problem, JSON.stringify(body)).toMatchObject({ kind: 'invalid_input', field });
    }
  });
});

describe('POST /api/queue/claim from a queue (undecidedSince)', () => {
  it('answers 409 naming who decided an item since the queue was collected, and claims one decided before it', async () => {
    const { workflowId } = emulator.control.scenarios.gallery;
    const collectedAt = new Date(Date.now() - 1_000).toISOString();
    const seen = { expectedVersion: 0, workflowVersionSeen: 'succeeded:0123456789abcdef' };
    expect((await send(decide as Handler, 'POST', '/api/decisions', { workflowId, kind: 'flagged', reasonCode: 'other', note: 'seen twice', ...seen }, KIM)).status).toBe(200);

    const refused = await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId, undecidedSince: collectedAt });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ kind: 'conflict', title: expect.stringMatching(/^Kim decided this \d+ s ago\.$/) });
    expect(await claims()).toEqual([]);
    // Their own decision, or one made before the queue was collected, does not keep the item from them.
    expect((await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId, undecidedSince: collectedAt }, KIM)).status).toBe(200);
    await database.handle.db.delete(reviewClaim);
    expect((await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId, undecidedSince: new Date(Date.now() + 1_000).toISOString() })).status).toBe(200);
    expect((await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId: MISSING_WORKFLOW, undecidedSince: 'yesterday' })).body).toMatchObject({
      kind: 'invalid_input',
      field: 'undecidedSince',
    });
  });
});

describe('DELETE /api/queue/claim', () => {
  it('releases the caller’s own claim only', async () => {
    const { workflowId } = emulator.control.scenarios.riskyUser;
    await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId });
    expect((await send(release as Handler, 'DELETE', '/api/queue/claim', { workflowId }, KIM)).body).toEqual({ released: false });
    expect((await send(release as Handler, 'DELETE', '/api/queue/claim', { workflowId })).body).toEqual({ released: true });
    expect(await claims()).toEqual([]);
  });
});

describe('POST /api/decisions and claims', () => {
  it('refuses a decision on a workflow another reviewer holds (409), and the decider’s own claim ends with the decision', async () => {
    const { workflowId } = emulator.control.scenarios.riskyUser;
    const seen = { expectedVersion: 0, workflowVersionSeen: 'succeeded:0123456789abcdef' };
    await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId });
    const refused = await send(decide as Handler, 'POST', '/api/decisions', { workflowId, kind: 'ok', ...seen }, KIM);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ title: 'Mo Moderator is reviewing this (0 min).' });

    const recorded = await send(decide as Handler, 'POST', '/api/decisions', { workflowId, kind: 'ok', ...seen });
    expect(recorded.body).toMatchObject({ outcome: 'recorded' });
    expect(await claims()).toEqual([]);
  });

  it('leaves a workflow another reviewer holds out of a bulk decision, naming them, and ends the decider’s own claims', async () => {
    const held = emulator.control.scenarios.riskyUser.workflowId;
    const own = emulator.control.scenarios.drillDown24.workflowId;
    const seen = { expectedVersion: 0, workflowVersionSeen: 'succeeded:0123456789abcdef' };
    await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId: held });
    await send(claim as Handler, 'POST', '/api/queue/claim', { workflowId: own }, KIM);

    const answer = await send(bulkDecide as Handler, 'POST', '/api/decisions/bulk', { kind: 'ok', items: [{ workflowId: held, ...seen }, { workflowId: own, ...seen }] }, KIM);
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([
      { workflowId: held, outcome: 'claimed', by: 'Mo Moderator' },
      expect.objectContaining({ workflowId: own, outcome: 'recorded' }),
    ]);
    expect((await claims()).map((row) => [row.workflowId, row.userId])).toEqual([[held, MO.id]]);
    const kimsOnHeld = await database.handle.db.select().from(reviewDecisions).where(and(eq(reviewDecisions.workflowId, held), eq(reviewDecisions.decidedById, KIM.id)));
    expect(kimsOnHeld).toEqual([]);
  });
});
