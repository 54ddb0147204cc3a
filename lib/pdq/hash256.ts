/**
 * A PDQ hash is 256 bits. We print it as the reference does: 64 hex characters, the bits of coefficient row 15 first,
 * row 0 last, and inside each row's 16-bit word the bit of column j is worth 2^j. As bytes it is the same order as
 * the hex (byte 0 is the first two hex characters), so hex and bytes convert without reordering.
 */
export const PDQ_HASH_BYTES = 256 / 8;

/** PDQ's usual threshold for "the same image". */
export const PDQ_MATCH_DISTANCE = 31;

export type PdqHashInput = string | Uint8Array;

const HEX_PATTERN = /^[0-9a-f]{64}$/i;

/** A hash as a hash list row must give it: 64 hex characters (either case; hashes we print are lower case). */
export function isPdqHex(value: string): boolean {
  return HEX_PATTERN.test(value);
}

export function hexToBytes(hex: string): Uint8Array {
  if (!isPdqHex(hex)) throw new Error(`not a PDQ hash (64 hex characters): ${JSON.stringify(hex)}`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function bytesToHex(bytes: Uint8Array): string {
  if (bytes.length !== PDQ_HASH_BYTES) throw new Error(`a PDQ hash is ${PDQ_HASH_BYTES} bytes, got ${bytes.length}`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The 32 bytes of a hash given as hex or bytes; throws on anything else. */
export function hashBytes(hash: PdqHashInput): Uint8Array {
  if (typeof hash === 'string') return hexToBytes(hash);
  if (hash.length !== PDQ_HASH_BYTES) throw new Error(`a PDQ hash is ${PDQ_HASH_BYTES} bytes, got ${hash.length}`);
  return hash;
}

/** Set bits in every 16-bit value: distances over many hashes are table look-ups, not bit loops. */
export const POPCOUNT16 = (() => {
  const table = new Uint8Array(1 << 16);
  for (let value = 1; value < table.length; value++) table[value] = (value & 1) + table[value >> 1]!;
  return table;
})();

export function hammingDistance(a: PdqHashInput, b: PdqHashInput): number {
  const left = hashBytes(a);
  const right = hashBytes(b);
  let distance = 0;
  for (let i = 0; i < PDQ_HASH_BYTES; i++) distance += POPCOUNT16[left[i]! ^ right[i]!]!;
  return distance;
}

/**
 * Bit `row * 16 + column` of the hash is set when coefficient (row, column) of the 16×16 block is above the median,
 * so about half the bits are set whatever the image's brightness or contrast.
 */
export function hashFromCoefficients(coefficients: Float64Array): Uint8Array {
  const median = lowerMedian(coefficients);
  const bytes = new Uint8Array(PDQ_HASH_BYTES);
  for (let row = 0; row < 16; row++) {
    // Row r is 16-bit word r; the hex prints word 15 first, high byte before low byte.
    const highByte = 2 * (15 - row);
    for (let column = 0; column < 16; column++) {
      if (coefficients[row * 16 + column]! > median) {
        const byte = column < 8 ? highByte + 1 : highByte;
        bytes[byte]! |= 1 << (column & 7);
      }
    }
  }
  return bytes;
}

/** The 128th of 256 values, as the reference's Torben median returns it for an even count. */
function lowerMedian(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[(sorted.length - 1) >> 1]!;
}
