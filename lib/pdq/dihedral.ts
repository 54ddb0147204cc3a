/**
 * The eight rotations and mirror images of an image. A rotated or mirrored copy lands far from the original's hash,
 * so matching it takes the hash of the matching variant. Two ways to get them:
 * - dihedralHashes, as the reference does, from the one DCT block of the original: mirroring the 64×64 image negates
 *   the odd-frequency basis functions along that axis, and transposing it transposes the block. Nearly free, and
 *   exact at 64×64; on larger images the reference's box windows and centre sampling are not mirror-symmetric, so
 *   the variant can be 16–86 bits off the hash of the actually mirrored image (worst at 256 px, no shrink).
 * - dihedralHashesFromLuma: transform the pixels and hash each variant in full. Eight hashes' cost, and the hash a
 *   rotated or mirrored copy really gets: use it for the query of a similar search.
 */
import { bytesToHex, hashFromCoefficients } from './hash256';
import { pdqFromLuma } from './pdq';

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

/** Hex hashes of the eight variants, each hashed from the transformed luminance image (see the top of the file). */
export function dihedralHashesFromLuma(luma: Float64Array, width: number, height: number): Record<DihedralVariant, string> {
  const hashes = {} as Record<DihedralVariant, string>;
  for (const variant of DIHEDRAL_VARIANTS) {
    const { transformed, width: transformedWidth, height: transformedHeight } = transformImage(luma, width, height, SYMMETRIES[variant]);
    hashes[variant] = pdqFromLuma(transformed, transformedWidth, transformedHeight).hash;
  }
  return hashes;
}

/** The image transposed, then mirrored: each output pixel read from where the inverse moves lead back to. */
function transformImage(luma: Float64Array, width: number, height: number, { transpose, mirrorX, mirrorY }: Symmetry) {
  const outWidth = transpose ? height : width;
  const outHeight = transpose ? width : height;
  const transformed = new Float64Array(luma.length);
  for (let y = 0; y < outHeight; y++) {
    const unmirroredY = mirrorY ? outHeight - 1 - y : y;
    for (let x = 0; x < outWidth; x++) {
      const unmirroredX = mirrorX ? outWidth - 1 - x : x;
      transformed[y * outWidth + x] = transpose ? luma[unmirroredX * width + unmirroredY]! : luma[unmirroredY * width + unmirroredX]!;
    }
  }
  return { transformed, width: outWidth, height: outHeight };
}
