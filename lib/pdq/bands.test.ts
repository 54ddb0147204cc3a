import { describe, expect, it } from 'vitest';
import { bandProbes, filterByDistance, hashBands, PdqBandIndex } from './bands';
import { bytesToHex, hammingDistance, PDQ_MATCH_DISTANCE } from './hash256';

/** Deterministic random hashes (mulberry32), so a failure can be replayed. */
function randomHashes(count: number, seed: number): string[] {
  let state = seed;
  const nextByte = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return Array.from({ length: count }, () => bytesToHex(Uint8Array.from({ length: 32 }, nextByte)));
}

/** The hash with the given bits flipped; bit b is bit (b % 8) of byte floor(b / 8). */
function withBitsFlipped(hex: string, bits: number[]): string {
  const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  for (const bit of bits) bytes[bit >> 3]! ^= 1 << (bit & 7);
  return bytesToHex(bytes);
}

/** 31 flipped bits with no band left intact: 2 bits in each of bands 0–14, 1 bit in band 15. */
const SPREAD_31 = [...Array.from({ length: 15 }, (_, band) => [band * 16, band * 16 + 9]).flat(), 15 * 16 + 3];

describe('hashBands', () => {
  it('reads the hash as 16 numbers of 16 bits, in hex order', () => {
    const hex = 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22';
    const bands = hashBands(hex);
    expect(bands).toHaveLength(16);
    expect(bands.slice(0, 2)).toEqual([0xd8f8, 0xf0cc]);
    expect(bands.at(-1)).toBe(0x9b22);
    expect(bands.map((band) => band.toString(16).padStart(4, '0')).join('')).toBe(hex);
  });
});

describe('bandProbes', () => {
  it('looks up the exact band within 15 bits and every one-bit neighbour too within 31', () => {
    const hex = randomHashes(1, 7)[0]!;
    expect(bandProbes(hex, 15).every((values) => values.length === 1)).toBe(true);
    const probes = bandProbes(hex, PDQ_MATCH_DISTANCE);
    expect(probes.map((values) => new Set(values).size)).toEqual(Array(16).fill(17));
    expect(probes[0]).toContain(hashBands(hex)[0]! ^ 0x8000);
  });
});

describe('filterByDistance', () => {
  it('keeps the candidates within the threshold (inclusive), nearest first', () => {
    const [query] = randomHashes(1, 1);
    const candidates = [
      { id: 'far', hash: withBitsFlipped(query!, SPREAD_31.concat(200)) },
      { id: 'at threshold', hash: withBitsFlipped(query!, SPREAD_31) },
      { id: 'same', hash: query! },
    ];
    expect(filterByDistance(query!, candidates, PDQ_MATCH_DISTANCE).map(({ candidate, distance }) => [candidate.id, distance])).toEqual([
      ['same', 0],
      ['at threshold', 31],
    ]);
  });
});

describe('PdqBandIndex', () => {
  const list = randomHashes(20_000, 42);
  const index = PdqBandIndex.of(list);

  it('finds a hash 31 bits away that shares no band exactly', () => {
    const query = withBitsFlipped(list[1234]!, SPREAD_31);
    expect(hammingDistance(query, list[1234]!)).toBe(31);
    expect(hashBands(query).some((band, i) => band === hashBands(list[1234]!)[i])).toBe(false);
    expect(index.search(query, PDQ_MATCH_DISTANCE)).toEqual([{ position: 1234, distance: 31 }]);
  });

  it('returns what a scan of every hash returns', () => {
    // Plant near-duplicates of one query at several distances among the random hashes.
    const query = randomHashes(1, 99)[0]!;
    const planted = [0, 5, 16, 31].map((count) => withBitsFlipped(query, SPREAD_31.slice(0, count)));
    const withPlanted = PdqBandIndex.of([...list, ...planted]);
    const scan = filterByDistance(query, [...list, ...planted].map((hash, position) => ({ hash, position })), PDQ_MATCH_DISTANCE);
    const found = withPlanted.search(query, PDQ_MATCH_DISTANCE);
    expect(found).toEqual(scan.map(({ candidate, distance }) => ({ position: candidate.position, distance })));
    expect(found.map(({ distance }) => distance)).toEqual([0, 5, 16, 31]);
  });

  it('built a band at a time from band words, finds what the one built from hashes finds', async () => {
    const words = new Uint16Array(list.length * 16);
    list.forEach((hash, position) => words.set(hashBands(hash), position * 16));
    const built = await PdqBandIndex.build(words);
    const query = withBitsFlipped(list[77]!, SPREAD_31.slice(0, 20));
    expect(built.size).toBe(list.length);
    expect(built.search(query, PDQ_MATCH_DISTANCE)).toEqual(index.search(query, PDQ_MATCH_DISTANCE));
    expect(built.search(query, PDQ_MATCH_DISTANCE)).toContainEqual({ position: 77, distance: 20 });
  });
});
