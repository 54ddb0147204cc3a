import { describe, expect, it } from 'vitest';
import { hammingDistance, PDQ_MATCH_DISTANCE } from '../lib/pdq/hash256';
import { pdqOfImage } from '../lib/pdq/image';
import { renderContent } from './media';
import { NEAR_DUPLICATE_EDITS, NEAR_DUPLICATE_FAMILIES } from './near-duplicates';
import { mediaSpec } from './routes/blobs';
import { nearDuplicateKey } from './scenarios';
import { Store } from './store';

/**
 * Recall of the seeded near-duplicate families (issue 22): hashed from the bytes the emulator serves, every member
 * is within PDQ's 31 bits of its family's original, so a similar search from any member reaches the whole family
 * (100 % recall at 31 bits); and no member is that close to another family or to the ordinary synthetic images.
 */

const make = (seed: number) => new Store({ seed, workflows: 60, anchorMs: Date.parse('2026-11-20T12:00:00Z'), urlExpiry: '2026-11-30T00:00:00.0000000Z' });

async function hashOf(store: Store, key: string): Promise<string> {
  const [blob] = store.model(store.scenario(key)).blobs.values();
  return (await pdqOfImage(await renderContent(mediaSpec(blob!)))).hash;
}

describe.each([42, 7])('near-duplicate families (seed %i)', (seed) => {
  it('are connected within 31 bits, and apart from each other and from ordinary images', async () => {
    const store = make(seed);
    const families: string[][] = [];
    for (let family = 0; family < NEAR_DUPLICATE_FAMILIES; family++) {
      families.push(await Promise.all(NEAR_DUPLICATE_EDITS.map((_, member) => hashOf(store, nearDuplicateKey(family, member)))));
    }
    const ordinary = await Promise.all(['gallery', 'riskyUser', 'hostileText'].map((key) => hashOf(store, key)));
    families.forEach((members, family) => {
      for (const member of members) expect(hammingDistance(members[0]!, member), `family ${family}`).toBeLessThanOrEqual(PDQ_MATCH_DISTANCE);
      const strangers = [...families.filter((_, other) => other !== family).flat(), ...ordinary];
      for (const member of members) for (const stranger of strangers) expect(hammingDistance(member, stranger)).toBeGreaterThan(PDQ_MATCH_DISTANCE + 16);
    });
  }, 60_000);
});
