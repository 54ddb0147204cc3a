import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/lib/db/client';
import { bytesToHex, hexToBytes } from '@/lib/pdq/hash256';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { indexOutputs } from '@/test/indexed-outputs';
import { storedHashOf, storeOutputHashes } from './hash-store';
import { decodeSimilarCursor, encodeSimilarCursor, findSimilar, type SimilarQuery } from './search';

/** A hash with the given bits flipped, spread over the bands so no band alone gives it away. */
function flipped(hash: string, bits: number, offset = 0): string {
  const bytes = hexToBytes(hash);
  for (let i = 0; i < bits; i++) {
    const bit = (offset + i * 37) % 256;
    bytes[bit >> 3]! ^= 1 << (bit & 7);
  }
  return bytesToHex(bytes);
}

function randomHash(seed: number): string {
  let state = seed || 1;
  const bytes = new Uint8Array(32).map(() => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  });
  return bytesToHex(bytes);
}

const BASE = randomHash(42);
const query = (overrides: Partial<SimilarQuery> = {}): SimilarQuery => ({ hashes: [BASE], maxDistance: 31, take: 50, after: null, excludeBlobId: 'base', ...overrides });

describe('similar cursor', () => {
  it('round-trips and refuses what it did not make', () => {
    expect(decodeSimilarCursor(encodeSimilarCursor({ distance: 12, blobId: 'a.b:c' }))).toEqual({ distance: 12, blobId: 'a.b:c' });
    expect(decodeSimilarCursor('not-a-cursor')).toBeNull();
  });
});

for (const name of DATABASES) {
  describe.runIf(databaseAvailable(name, 'similar search'))(`similar search (${name})`, () => {
    let database: TestDatabase;
    // Near copies at 0–40 bits off the base, 100 unrelated hashes, and a near copy in a workflow of another owner.
    const near = [0, 1, 8, 15, 16, 17, 24, 30, 31, 32, 40].map((bits) => ({ blobId: `near-${String(bits).padStart(2, '0')}`, hash: flipped(BASE, bits) }));

    beforeAll(async () => {
      database = await openTestDatabase(name);
      const unrelated = Array.from({ length: 100 }, (_, i) => ({ blobId: `other-${i}`, hash: randomHash(1000 + i) }));
      const all = [{ blobId: 'base', hash: BASE }, ...near, ...unrelated];
      await indexOutputs(all.map(({ blobId }, i) => ({ blobId, workflowId: `wf-${i % 7}`, ownerId: 100 + (i % 7) })));
      expect(await storeOutputHashes(all.map((row) => ({ ...row, quality: 90 })))).toHaveLength(all.length);
    }, 60_000);

    afterAll(async () => {
      await closeDb();
      await database?.dispose();
    });

    it('finds every stored hash within 31 bits, nearest first, without the query blob itself', async () => {
      const { matches, next } = await findSimilar(query());
      expect(matches.map((match) => [match.blobId, match.distance])).toEqual(
        near.filter((row) => hammingOf(row.hash) <= 31).map((row) => [row.blobId, hammingOf(row.hash)]),
      );
      expect(matches[0]).toMatchObject({ workflowId: expect.stringMatching(/^wf-/), ownerId: expect.any(Number) });
      expect(next).toBeNull();
    });

    it('finds up to the cap when asked for more than 31 bits', async () => {
      const { matches } = await findSimilar(query({ maxDistance: 40 }));
      expect(matches.map((match) => match.blobId)).toEqual(near.map((row) => row.blobId));
    });

    it('pages with the cursor of the last match, the same order', async () => {
      const first = await findSimilar(query({ take: 3 }));
      expect(first.matches).toHaveLength(3);
      const second = await findSimilar(query({ take: 3, after: decodeSimilarCursor(first.next!) }));
      const rest = await findSimilar(query({ take: 50, after: decodeSimilarCursor(second.next!) }));
      const all = await findSimilar(query());
      expect([...first.matches, ...second.matches, ...rest.matches]).toEqual(all.matches);
      expect(rest.next).toBeNull();
    });

    it('with several query hashes, a candidate is as far as its nearest one', async () => {
      const mirrored = randomHash(7);
      await indexOutputs([{ blobId: 'mirror-copy', workflowId: 'wf-mirror' }]);
      await storeOutputHashes([{ blobId: 'mirror-copy', hash: flipped(mirrored, 5), quality: 80 }]);
      const { matches } = await findSimilar(query({ hashes: [BASE, mirrored] }));
      expect(matches.find((match) => match.blobId === 'mirror-copy')?.distance).toBe(5);
      expect((await findSimilar(query())).matches.some((match) => match.blobId === 'mirror-copy')).toBe(false);
    });

    it('says whether the index holds a blob and whether it is hashed', async () => {
      await indexOutputs([{ blobId: 'not-hashed', workflowId: 'wf-x' }]);
      expect(await storedHashOf('base')).toMatchObject({ state: 'hashed', hash: BASE });
      expect(await storedHashOf('not-hashed')).toEqual({ state: 'unhashed' });
      expect(await storedHashOf('nowhere')).toEqual({ state: 'unindexed' });
    });
  });
}

function hammingOf(hash: string): number {
  const a = hexToBytes(hash);
  const b = hexToBytes(BASE);
  let distance = 0;
  for (let i = 0; i < 32; i++) for (let x = a[i]! ^ b[i]!; x; x &= x - 1) distance++;
  return distance;
}
