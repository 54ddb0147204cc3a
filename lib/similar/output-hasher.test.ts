import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/lib/db/client';
import { outputHash } from '@/lib/db/schema-hash';
import { matchOutputHashes } from '@/lib/hash-lists/matches';
import type { LogFields } from '@/lib/log';
import { pdqOfImage } from '@/lib/pdq/image';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { indexOutputs } from '@/test/indexed-outputs';
import { storedHashOf } from './hash-store';
import { OutputHasher } from './output-hasher';

/** A small picture with structure (PDQ of a flat image means little): diagonal bands whose phase depends on the seed. */
async function picture(seed: number): Promise<Buffer> {
  const side = 96;
  const pixels = Buffer.alloc(side * side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) pixels.fill(Math.round(127 + 120 * Math.sin((x * (seed + 1) + y * 2) / 9)), (y * side + x) * 3, (y * side + x + 1) * 3);
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
}

describe('output hasher', () => {
  let database: TestDatabase;
  const images = new Map<string, Buffer>();
  const reads: string[] = [];
  const logged: { event: string; fields?: LogFields }[] = [];
  const told: string[][] = [];
  let clock = 1_000_000;

  const hasher = new OutputHasher({
    readMedia: async (blobId) => {
      reads.push(blobId);
      if (blobId === 'withheld') return null;
      const bytes = images.get(blobId);
      if (!bytes) throw new Error('The media could not be fetched from the Orchestration API.');
      return bytes;
    },
    onOutputsHashed: async (blobIds) => {
      told.push(blobIds);
      if (blobIds.includes('b')) throw new Error('matcher down');
    },
    retryAfterMs: 60_000,
    log: (_level, event, fields) => logged.push({ event, fields }),
    now: () => clock,
  });

  beforeAll(async () => {
    database = await openTestDatabase('PGlite');
    images.set('a', await picture(1));
    images.set('b', await picture(2));
    await indexOutputs([
      { blobId: 'a', workflowId: 'wf-1' },
      { blobId: 'b', workflowId: 'wf-1' },
      { blobId: 'broken', workflowId: 'wf-1' },
      { blobId: 'withheld', workflowId: 'wf-2' },
      { blobId: 'clip', workflowId: 'wf-2', mediaType: 'video' },
      { blobId: 'gone', workflowId: 'wf-2', available: 'false' },
    ]);
  }, 60_000);

  afterAll(async () => {
    await closeDb();
    await database?.dispose();
  });

  it('hashes the images it is given, skips videos and unavailable outputs, and a failure fails nothing else', async () => {
    const queued = hasher.enqueue([
      { blobId: 'a', mediaType: 'image', available: true },
      { blobId: 'broken', mediaType: 'image', available: true },
      { blobId: 'withheld', mediaType: 'image', available: 'unknown' },
      { blobId: 'clip', mediaType: 'video', available: true },
      { blobId: 'gone', mediaType: 'image', available: false },
    ]);
    expect(queued).toBe(3);
    await hasher.idle();
    expect(await storedHashOf('a')).toEqual({ state: 'hashed', hash: (await pdqOfImage(images.get('a')!)).hash, mediaType: 'image' });
    expect(await storedHashOf('broken')).toEqual({ state: 'unhashed' });
    expect(await storedHashOf('withheld')).toEqual({ state: 'unhashed' });
    expect(await storedHashOf('clip')).toEqual({ state: 'unhashed' });
    expect(reads).not.toContain('clip');
    expect(reads).not.toContain('gone');
    expect(told).toEqual([['a']]);
    expect(logged).toContainEqual({ event: 'similar.hash_failed', fields: expect.objectContaining({ blobId: 'broken' }) });
    expect(hasher.counts).toEqual({ hashed: 1, failed: 1, withheld: 1 });
  });

  it('does not read a blob again once it is hashed (its bytes never change)', async () => {
    reads.length = 0;
    hasher.enqueue([{ blobId: 'a', mediaType: 'image', available: true }]);
    await hasher.idle();
    expect(reads).toEqual([]);
  });

  it('catches up on unhashed images, leaving recent failures alone until their retry time', async () => {
    reads.length = 0;
    expect(await hasher.catchUp()).toBe(1);
    await hasher.idle();
    expect(reads).toEqual(['b']);
    // The matcher's failure is logged; the hash stays stored.
    expect(await storedHashOf('b')).toMatchObject({ state: 'hashed' });
    expect(logged.map((entry) => entry.event)).toContain('similar.on_hashed_failed');

    clock += 61_000;
    reads.length = 0;
    expect(await hasher.catchUp()).toBe(2);
    await hasher.idle();
    expect(reads.sort()).toEqual(['broken', 'withheld']);
  });

  it('hands hashes whose matching failed to the matcher again on the next catch-up, until they are matched', async () => {
    const attempts: string[][] = [];
    const matcher = new OutputHasher({
      // Only its own output has bytes: the other test outputs still unhashed stay so (null: withheld).
      readMedia: async (blobId) => (blobId === 'late' ? picture(3) : null),
      onOutputsHashed: async (blobIds) => {
        attempts.push(blobIds);
        if (attempts.length === 1) throw new Error('database busy');
        await matchOutputHashes(database.handle.db, blobIds);
      },
      log: () => {},
    });
    await indexOutputs([{ blobId: 'late', workflowId: 'wf-3' }]);
    matcher.enqueue([{ blobId: 'late', mediaType: 'image', available: true }]);
    await matcher.idle();
    expect(attempts).toEqual([['late']]);

    // Just hashed: left alone (its matching may still be under way); a minute on, handed over again, then never more.
    await matcher.catchUp();
    await matcher.idle();
    expect(attempts).toEqual([['late']]);
    await database.handle.db.update(outputHash).set({ hashedAt: new Date(Date.now() - 120_000) }).where(eq(outputHash.blobId, 'late'));
    await matcher.catchUp();
    await matcher.idle();
    await matcher.catchUp();
    await matcher.idle();
    expect(attempts).toEqual([['late'], ['late']]);
    const [row] = await database.handle.db.select().from(outputHash).where(eq(outputHash.blobId, 'late'));
    expect(row!.listsMatchedAt).toBeInstanceOf(Date);
  });
});
