import { describe, expect, it } from 'vitest';
import { bytesToHex, hammingDistance, hashFromCoefficients, hexToBytes, isPdqHex } from './hash256';

const ZERO = '0'.repeat(64);

describe('hammingDistance', () => {
  it('counts differing bits between hex and byte hashes alike', () => {
    const someBits = `f${'0'.repeat(61)}81`; // 4 + 2 bits
    expect(hammingDistance(ZERO, ZERO)).toBe(0);
    expect(hammingDistance(ZERO, someBits)).toBe(6);
    expect(hammingDistance(hexToBytes(someBits), ZERO)).toBe(6);
    expect(hammingDistance(ZERO, 'f'.repeat(64))).toBe(256);
    expect(hammingDistance('F'.repeat(64), 'f'.repeat(64))).toBe(0);
  });

  it('refuses what is not a 256-bit hash', () => {
    expect([isPdqHex('A'.repeat(64)), isPdqHex(` ${'a'.repeat(63)}`), isPdqHex('a'.repeat(65))]).toEqual([true, false, false]);
    expect(() => hammingDistance(ZERO, '0'.repeat(63))).toThrow(/64 hex/);
    expect(() => hammingDistance(ZERO, `${'0'.repeat(63)}g`)).toThrow(/64 hex/);
    expect(() => hammingDistance(new Uint8Array(31), ZERO)).toThrow(/32 bytes/);
  });
});

describe('hash bit order', () => {
  it('prints coefficient row 15 first and column j as bit j of its row word, as the reference', () => {
    // Only (row 0, column 0) and (row 15, column 9) above the median of the others.
    const coefficients = new Float64Array(256);
    coefficients[0] = 1;
    coefficients[15 * 16 + 9] = 1;
    expect(bytesToHex(hashFromCoefficients(coefficients))).toBe(`0200${'0'.repeat(56)}0001`);
  });

  it('round-trips hex through bytes', () => {
    const hex = 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22';
    expect(bytesToHex(hexToBytes(hex))).toBe(hex);
  });
});
