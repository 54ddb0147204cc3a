import { bytesToHex, hashBytes } from '../lib/pdq/hash256';

/** PDQ hashes at known distances, for tests of matching (plain: the e2e specs use them too). */

/** The hash with its first `bits` bits flipped: exactly that far from it. */
export function hashAtDistance(hash: string, bits: number): string {
  const bytes = Uint8Array.from(hashBytes(hash));
  for (let bit = 0; bit < bits; bit++) bytes[bit >> 3]! ^= 1 << (bit & 7);
  return bytesToHex(bytes);
}

/** A deterministic hash per seed, about half its bits set. */
export function syntheticHash(seed: number): string {
  let state = seed * 2654435761 + 1;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    bytes[i] = state >> 16;
  }
  return bytesToHex(bytes);
}
