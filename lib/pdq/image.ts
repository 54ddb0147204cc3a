/**
 * PDQ of an encoded image (any format sharp decodes). Larger images are shrunk to at most 512 px a side first, as the
 * reference does: the hash keeps only 64×64 worth of detail, and the box filters then cost a quarter as much. Nearest
 * neighbour keeps the reference vectors within 2 bits; EXIF orientation is ignored, as the reference ignores it.
 */
import sharp from 'sharp';
import { pdqFromRgb, type PdqResult } from './pdq';

const MAX_SIDE = 512;

export async function pdqOfImage(input: string | Buffer): Promise<PdqResult> {
  const { data, info } = await sharp(input, { failOn: 'error' })
    .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true, kernel: sharp.kernel.nearest })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB after decoding, got ${info.channels} channels`);
  return pdqFromRgb(data, info.width, info.height);
}
