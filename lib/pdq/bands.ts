/**
 * Matching at scale by multi-index hashing: the 256 bits are 16 bands of 16 bits, and candidates are found by
 * looking up band values instead of comparing against every hash. Pigeonhole: if two hashes are within d bits, some
 * band differs in at most floor(d / 16) bits. So within 15 bits they share a band exactly, and within PDQ's 31 bits
 * they share a band up to one bit: look up each band's value and its 16 one-bit neighbours (17 values a band).
 * The full distance then filters the candidates.
 */
import { hammingDistance, hashBytes, POPCOUNT16, type PdqHashInput } from './hash256';

export const BAND_COUNT = 16;
const BAND_BITS = 16;

/** Band k is the 16-bit number in hex characters 4k to 4k + 3 of the hash. */
export function hashBands(hash: PdqHashInput): number[] {
  const bytes = hashBytes(hash);
  const bands: number[] = [];
  for (let band = 0; band < BAND_COUNT; band++) bands.push((bytes[2 * band]! << 8) | bytes[2 * band + 1]!);
  return bands;
}

/** Every band value a hash within maxDistance of this one must have in at least one band: per band, in band order. */
export function bandProbes(hash: PdqHashInput, maxDistance: number): number[][] {
  const radius = Math.floor(maxDistance / BAND_COUNT);
  return hashBands(hash).map((value) => valuesWithin(value, radius));
}

function valuesWithin(value: number, radius: number, lowestBit = 0): number[] {
  const values = [value];
  if (radius === 0) return values;
  for (let bit = lowestBit; bit < BAND_BITS; bit++) values.push(...valuesWithin(value ^ (1 << bit), radius - 1, bit + 1));
  return values;
}

export type DistanceMatch<T> = { candidate: T; distance: number };

/** The candidates within maxDistance bits of the query (inclusive), nearest first. */
export function filterByDistance<T extends { hash: PdqHashInput }>(query: PdqHashInput, candidates: readonly T[], maxDistance: number): DistanceMatch<T>[] {
  const queryBytes = hashBytes(query);
  const matches: DistanceMatch<T>[] = [];
  for (const candidate of candidates) {
    const distance = hammingDistance(queryBytes, candidate.hash);
    if (distance <= maxDistance) matches.push({ candidate, distance });
  }
  return matches.sort((a, b) => a.distance - b.distance);
}

/** One band's positions sorted by band value (a counting sort): starts[v]..starts[v + 1] are those of value v. */
interface SortedBand {
  starts: Uint32Array;
  positions: Uint32Array;
}

function sortBand(words: Uint16Array, band: number): SortedBand {
  const size = words.length / BAND_COUNT;
  const starts = new Uint32Array((1 << BAND_BITS) + 1);
  for (let position = 0; position < size; position++) starts[words[position * BAND_COUNT + band]! + 1]!++;
  for (let value = 0; value < 1 << BAND_BITS; value++) starts[value + 1]! += starts[value]!;
  const next = starts.slice(0, -1);
  const positions = new Uint32Array(size);
  for (let position = 0; position < size; position++) positions[next[words[position * BAND_COUNT + band]!]!++] = position;
  return { starts, positions };
}

/**
 * An in-memory band index over a fixed list of hashes (a hash list loaded for matching): per band, the positions of
 * the hashes sorted by band value, so a probe is one slice. About 100 bytes a hash plus 4 MB.
 */
export class PdqBandIndex {
  private readonly bands: SortedBand[];
  /** Marks positions already compared in the current search, so a hash found through two bands is compared once. */
  private readonly seenIn: Uint32Array;
  private searchCount = 0;

  static of(hashes: readonly PdqHashInput[]): PdqBandIndex {
    const words = new Uint16Array(hashes.length * BAND_COUNT);
    hashes.forEach((hash, position) => words.set(hashBands(hash), position * BAND_COUNT));
    return new PdqBandIndex(words);
  }

  /** The index built a band at a time, yielding to the event loop in between (a 1,000,000-hash build is ~0.3 s of CPU). */
  static async build(words: Uint16Array): Promise<PdqBandIndex> {
    const bands: SortedBand[] = [];
    for (let band = 0; band < BAND_COUNT; band++) {
      bands.push(sortBand(words, band));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return new PdqBandIndex(words, bands);
  }

  /** `words` holds each hash's 16 bands in hashBands order, hash after hash (what the database's band columns store). */
  constructor(
    private readonly words: Uint16Array,
    bands?: SortedBand[],
  ) {
    if (words.length % BAND_COUNT !== 0) throw new Error(`band words come in groups of ${BAND_COUNT}, got ${words.length}`);
    this.bands = bands ?? Array.from({ length: BAND_COUNT }, (_, band) => sortBand(words, band));
    this.seenIn = new Uint32Array(words.length / BAND_COUNT);
  }

  get size(): number {
    return this.seenIn.length;
  }

  /** Positions (in the constructor's list) of the hashes within maxDistance bits of the query, nearest first. */
  search(query: PdqHashInput, maxDistance: number): { position: number; distance: number }[] {
    const queryWords = hashBands(query);
    if (this.searchCount === 0xffff_ffff) {
      this.seenIn.fill(0);
      this.searchCount = 0;
    }
    const search = ++this.searchCount;
    const matches: { position: number; distance: number }[] = [];
    bandProbes(query, maxDistance).forEach((values, band) => {
      const { starts, positions } = this.bands[band]!;
      for (const value of values) {
        for (let i = starts[value]!, end = starts[value + 1]!; i < end; i++) {
          const position = positions[i]!;
          if (this.seenIn[position] === search) continue;
          this.seenIn[position] = search;
          const distance = this.distanceAt(queryWords, position);
          if (distance <= maxDistance) matches.push({ position, distance });
        }
      }
    });
    return matches.sort((a, b) => a.distance - b.distance || a.position - b.position);
  }

  private distanceAt(queryWords: number[], position: number): number {
    let distance = 0;
    const offset = position * BAND_COUNT;
    for (let band = 0; band < BAND_COUNT; band++) distance += POPCOUNT16[queryWords[band]! ^ this.words[offset + band]!]!;
    return distance;
  }
}
