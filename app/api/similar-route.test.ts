import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NearDuplicateFamily } from '@/emulator/scenarios';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { scanThresholds } from '@/lib/moderation/config';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { Indexer } from '@/lib/risk-index/indexer';
import { backgroundContext } from '@/lib/risk-index/reader';
import { readImageBytes } from '@/lib/similar/console-hasher';
import { OutputHasher } from '@/lib/similar/output-hasher';
import type { SimilarAnswer } from '@/lib/similar/similar-outputs';
import { startConsoleUnderTest, type ConsoleUnderTest } from '@/test/console-under-test';
import { indexOutputs } from '@/test/indexed-outputs';
import type { QueueResponse } from '@/lib/review/api-types';
import { GET as similar } from './media/[blobId]/similar/route';
import { GET as queue } from './queue/route';

/**
 * GET /api/media/{blobId}/similar against the emulator's near-duplicate families, indexed by the indexer and hashed
 * by the output hasher it hands its outputs to (the bytes through the media proxy's guarded fetch): a family member
 * finds the rest of its family and nothing else, nearest first and paged; moderators only; an unknown or unhashed
 * blob and bad parameters are refused with a clear answer and no upstream call.
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const person = (role: Role): SessionUser => ({ id: `u-${role}`, email: `${role}@example.test`, name: `Pat ${role}`, role, sessionId: `s-${role}` });
let current: SessionUser = person('moderator');
let started: ConsoleUnderTest;
let families: NearDuplicateFamily[];
const hashed: string[][] = [];

async function ask(blobId: string, query = ''): Promise<{ status: number; body: SimilarAnswer & { title?: string; detail?: string; field?: string } }> {
  const response = await similar(new Request(`http://console.test/api/media/${encodeURIComponent(blobId)}/similar${query}`), { params: Promise.resolve({ blobId }) });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  started = await startConsoleUnderTest({ workflows: 60 });
  session.requireRole.mockImplementation(async (minimum: Role) => {
    if (!roleAtLeast(current.role, minimum)) throw new AuthError('forbidden');
    return current;
  });
  const { scenarios } = started.emulator.control;
  families = scenarios.nearDuplicates;
  const client = orchestrator();
  const hasher = new OutputHasher({ readMedia: (blobId) => readImageBytes(blobId, backgroundContext(client)), onOutputsHashed: async (blobIds) => void hashed.push(blobIds) });
  const indexer = new Indexer({
    client,
    thresholds: scanThresholds(),
    holder: 'similar-test',
    concurrency: 4,
    backfillDays: 5,
    sliceMinutes: 1440,
    pollSeconds: 60,
    retentionDays: 400,
    follow: false,
    onOutputsIndexed: (outputs) => void hasher.enqueue(outputs),
  });
  await indexer.plan(new Date(Date.parse(scenarios.anchor)));
  await indexer.drain();
  await hasher.idle();
}, 120_000);

afterAll(async () => {
  await started?.dispose();
});

beforeEach(() => {
  current = person('moderator');
  started.emulator.control.clearCalls();
});

describe('GET /api/media/{blobId}/similar', () => {
  it('finds the rest of a flagged output’s family, nearest first, with workflow and owner, and nothing else', async () => {
    const [family] = families;
    const { status, body } = await ask(family!.blobIds[0]!);
    expect(status).toBe(200);
    expect(body.next).toBeUndefined();
    const expected = family!.blobIds.slice(1).map((blobId) => {
      const member = family!.blobIds.indexOf(blobId);
      return { blobId, workflowId: family!.workflowIds[member], ownerId: family!.owners[member] };
    });
    expect(body.matches.map(({ blobId, workflowId, ownerId }) => ({ blobId, workflowId, ownerId })).sort((a, b) => a.blobId.localeCompare(b.blobId))).toEqual(
      expected.sort((a, b) => a.blobId.localeCompare(b.blobId)),
    );
    const distances = body.matches.map((match) => match.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(31);
    // The hasher told its callback (hash-list matching) about every family member it stored.
    expect(hashed.flat()).toEqual(expect.arrayContaining(families.flatMap((each) => each.blobIds)));
  });

  it('reaches every family from each of its members (100 % recall at 31 bits)', async () => {
    for (const family of families) {
      for (const blobId of family.blobIds) {
        const { body } = await ask(blobId);
        expect(body.matches.map((match) => match.blobId).sort()).toEqual(family.blobIds.filter((other) => other !== blobId).sort());
      }
    }
  });

  it('pages with the cursor it gives, in the same order', async () => {
    const blobId = families[1]!.blobIds[2]!;
    const whole = await ask(blobId);
    const first = await ask(blobId, '?take=3');
    expect(first.body.matches).toHaveLength(3);
    const second = await ask(blobId, `?take=3&cursor=${first.body.next}`);
    expect(second.body.next).toBeUndefined();
    expect([...first.body.matches, ...second.body.matches]).toEqual(whole.body.matches);
  });

  it('with dihedral=true hashes the image’s rotations and mirror images, read once through the media proxy', async () => {
    const family = families[2]!;
    const { status, body } = await ask(family.blobIds[0]!, '?dihedral=true&maxDistance=40');
    expect(status).toBe(200);
    expect(body.matches.map((match) => match.blobId).sort()).toEqual(family.blobIds.slice(1).sort());
    expect(started.emulator.control.calls({ path: /^\/v2\/consumer\/blobs\/content\// })).toHaveLength(1);
  });

  it('answers 404 saying whether the blob is unknown to the index or not hashed yet', async () => {
    const { gallery, legacy } = started.emulator.control.scenarios;
    // An indexed output the hasher leaves alone: a video (vPDQ later).
    const video = gallery.byRole.video!;
    await indexOutputs([{ blobId: video.blobId, workflowId: gallery.workflowId, mediaType: 'video' }]);
    // The legacy workflow is a year old: outside the backfill, so the index never saw its blob.
    const unknown = await ask(legacy.blobId);
    expect(unknown.status).toBe(404);
    expect(unknown.body.title).toBe('The risk index holds no output with this blob id.');
    const notYet = await ask(video.blobId);
    expect(notYet.status).toBe(404);
    expect(notYet.body.title).toBe('This output is indexed but has no hash yet.');
    expect(started.emulator.control.calls()).toEqual([]);
  });

  it('is for moderators and above: a viewer gets 403 and no answer', async () => {
    current = person('viewer');
    expect((await ask(families[0]!.blobIds[0]!)).status).toBe(403);
  });

  it('refuses bad parameters with 400 naming the field, before any read', async () => {
    const blobId = families[0]!.blobIds[0]!;
    for (const [query, field] of [
      ['?maxDistance=0', 'maxDistance'],
      ['?maxDistance=48', 'maxDistance'],
      ['?maxDistance=1e9', 'maxDistance'],
      ['?take=201', 'take'],
      ['?take=abc', 'take'],
      ['?dihedral=yes', 'dihedral'],
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['?take=1&take=2', 'take'],
    ] as const) {
      const { status, body } = await ask(blobId, query);
      expect([query, status, body.field]).toEqual([query, 400, field]);
    }
    expect((await ask('../../v2/consumer/blobs/x')).status).toBe(400);
    expect(started.emulator.control.calls()).toEqual([]);
  });
});

describe('GET /api/queue?similar={blobId}', () => {
  it('is the output’s own workflow, then its near-duplicates’ workflows, nearest first, from the index alone', async () => {
    const [family] = families;
    const response = await queue(new Request(`http://console.test/api/queue?similar=${encodeURIComponent(family!.blobIds[0]!)}`), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as QueueResponse;
    expect(answer.label).toBe(`Near-duplicates of ${family!.blobIds[0]}`);
    expect(answer.items[0]!.workflowId).toBe(family!.workflowIds[0]);
    expect(answer.items.map((item) => item.workflowId).sort()).toEqual([...family!.workflowIds].sort());
    expect(started.emulator.control.calls()).toEqual([]);
  });

  it('refuses what is not a blob id', async () => {
    const response = await queue(new Request('http://console.test/api/queue?similar=..%2F..%2Fx'), { params: Promise.resolve({}) });
    expect(response.status).toBe(400);
  });
});
