/**
 * PDQ of an encoded image (any format sharp decodes). Large images are shrunk to at most 512 px a side first, as the
 * reference does: the hash only keeps 64×64 worth of detail, and the box filters then cost a quarter as much.
 */
import sharp from 'sharp';
import { pdqFromPixels, type PdqResult } from './pdq';

const MAX_SIDE = 512;

export async function pdqOfImage(input: string | Buffer): Promise<PdqResult> {
  const image = sharp(input, { failOn: 'error' });
  const { width, height } = await image.metadata();
  if (!width || !height) throw new Error('not an image with a size');
  const shrunk =
    width > MAX_SIDE || height > MAX_SIDE
      ? image.resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', kernel: sharp.kernel.nearest })
      : image;
  const { data, info } = await shrunk.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB after decoding, got ${info.channels} channels`);
  return pdqFromPixels(data, info.width, info.height, 3);
}
