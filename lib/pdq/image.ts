/**
 * PDQ of an encoded image (any format sharp decodes). Larger images are shrunk to at most 512 px a side first, as the
 * reference does: the hash keeps only 64×64 worth of detail, and the box filters then cost a quarter as much. Nearest
 * neighbour keeps the reference vectors within 2 bits; EXIF orientation is ignored, as the reference ignores it.
 */
import sharp from 'sharp';
import { dihedralHashesFromLuma, type DihedralVariant } from './dihedral';
import { lumaFromRgb, pdqFromLuma, type PdqResult } from './pdq';

const MAX_SIDE = 512;

export async function pdqOfImage(input: string | Buffer): Promise<PdqResult> {
  const { luma, width, height } = await decodeLuma(input);
  return pdqFromLuma(luma, width, height);
}

/** The hashes of the image's eight rotations and mirror images, each hashed in full (a similar search's query). */
export async function dihedralHashesOfImage(input: string | Buffer): Promise<Record<DihedralVariant, string>> {
  const { luma, width, height } = await decodeLuma(input);
  return dihedralHashesFromLuma(luma, width, height);
}

async function decodeLuma(input: string | Buffer): Promise<{ luma: Float64Array; width: number; height: number }> {
  const { data, info } = await sharp(input, { failOn: 'error' })
    .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true, kernel: sharp.kernel.nearest })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB after decoding, got ${info.channels} channels`);
  return { luma: lumaFromRgb(data, info.width, info.height), width: info.width, height: info.height };
}
