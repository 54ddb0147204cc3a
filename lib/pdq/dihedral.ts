/**
 * The eight rotations and mirror images of an image, hashed from the one DCT block of the original: mirroring the
 * 64×64 image negates the odd-frequency basis functions along that axis, and transposing it transposes the block. A
 * rotated or mirrored copy of an image lands far from the original's hash but close to the matching variant here.
 */
import { bytesToHex, hashFromCoefficients } from './hash256';

const SIDE = 16;

/** Rotations are clockwise, as viewers and sharp's rotate() turn them. */
export const DIHEDRAL_VARIANTS = ['original', 'rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus', 'flipMinus'] as const;
export type DihedralVariant = (typeof DIHEDRAL_VARIANTS)[number];

type Symmetry = { transpose: boolean; mirrorX: boolean; mirrorY: boolean };

/**
 * Each variant as: transpose first (mirror across the main diagonal), then mirror left–right and/or top–bottom.
 * flipX mirrors left–right (sharp's flop), flipY top–bottom (sharp's flip), flipPlus across the main diagonal,
 * flipMinus across the other one.
 */
const SYMMETRIES: Record<DihedralVariant, Symmetry> = {
  original: { transpose: false, mirrorX: false, mirrorY: false },
  rotate90: { transpose: true, mirrorX: true, mirrorY: false },
  rotate180: { transpose: false, mirrorX: true, mirrorY: true },
  rotate270: { transpose: true, mirrorX: false, mirrorY: true },
  flipX: { transpose: false, mirrorX: true, mirrorY: false },
  flipY: { transpose: false, mirrorX: false, mirrorY: true },
  flipPlus: { transpose: true, mirrorX: false, mirrorY: false },
  flipMinus: { transpose: true, mirrorX: true, mirrorY: true },
};

/** The DCT block of the transformed image. Row i holds frequency i + 1, so even indices are the odd frequencies. */
function transformBlock(block: Float64Array, { transpose, mirrorX, mirrorY }: Symmetry): Float64Array {
  const out = new Float64Array(SIDE * SIDE);
  for (let i = 0; i < SIDE; i++) {
    for (let j = 0; j < SIDE; j++) {
      const value = transpose ? block[j * SIDE + i]! : block[i * SIDE + j]!;
      const negate = (mirrorX && j % 2 === 0) !== (mirrorY && i % 2 === 0);
      out[i * SIDE + j] = negate ? -value : value;
    }
  }
  return out;
}

/** Hex hashes of the eight variants, from the coefficients of a PdqResult. */
export function dihedralHashes(coefficients: Float64Array): Record<DihedralVariant, string> {
  const hashes = {} as Record<DihedralVariant, string>;
  for (const variant of DIHEDRAL_VARIANTS) {
    hashes[variant] = bytesToHex(hashFromCoefficients(transformBlock(coefficients, SYMMETRIES[variant])));
  }
  return hashes;
}
