import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { DIHEDRAL_VARIANTS, dihedralHashes, type DihedralVariant } from './dihedral';
import { hammingDistance, PDQ_MATCH_DISTANCE } from './hash256';
import { dihedralHashesOfImage, pdqOfImage } from './image';

// CI runs with a copy of shared/ beside the clone.
const REFERENCE_DIR = path.join(process.cwd(), '..', 'shared', 'pdq-reference');
const referenceRows = readFileSync(path.join(REFERENCE_DIR, 'expected.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [file, hash] = line.split(',');
    return { file: file!, hash: hash! };
  });
const reference = (file: string) => path.join(REFERENCE_DIR, file);

// The README: decoders and resamplers differ, so implementations agree within a few bits; 16 is a match of the algorithm.
const REFERENCE_TOLERANCE = 16;

describe('PDQ against the reference vectors', () => {
  it.each(referenceRows)('$file is within 16 bits of the reference hash', async ({ file, hash }) => {
    const result = await pdqOfImage(reference(file));
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hammingDistance(result.hash, hash)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
  });

  it('tells different images apart (well beyond the 31-bit match threshold)', async () => {
    const [bridge, q0122] = await Promise.all([pdqOfImage(reference('bridge-1-original.jpg')), pdqOfImage(reference('q0122.jpg'))]);
    expect(hammingDistance(bridge.hash, q0122.hash)).toBeGreaterThan(64);
  });
});

describe('PDQ decoding', () => {
  it('hashes a greyscale copy like the colour image and refuses what is not an image', async () => {
    const grey = await sharp(reference('q0291.jpg')).grayscale().png().toBuffer();
    const [colour, fromGrey] = await Promise.all([pdqOfImage(reference('q0291.jpg')), pdqOfImage(grey)]);
    expect(hammingDistance(colour.hash, fromGrey.hash)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
    await expect(pdqOfImage(Buffer.from('not an image'))).rejects.toThrow(/unsupported image format/);
  });
});

describe('PDQ quality', () => {
  it('is low for a flat image and high for a photograph', async () => {
    const flat = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 90, g: 120, b: 200 } } })
      .png()
      .toBuffer();
    expect((await pdqOfImage(flat)).quality).toBeLessThan(10);
    expect((await pdqOfImage(reference('bridge-1-original.jpg'))).quality).toBe(100);
  });
});

describe('PDQ dihedral variants', () => {
  // How sharp turns the picture into each variant (PNG, so the only change is the geometry).
  const transforms: Record<DihedralVariant, (image: Sharp) => Sharp> = {
    original: (image) => image,
    rotate90: (image) => image.rotate(90),
    rotate180: (image) => image.rotate(180),
    rotate270: (image) => image.rotate(270),
    flipX: (image) => image.flop(),
    flipY: (image) => image.flip(),
    flipPlus: (image) => image.rotate(90).flip(),
    flipMinus: (image) => image.rotate(90).flop(),
  };

  /** Bits between each variant's hash (by the given method) and the hash of the image transformed by sharp. */
  async function variantDistances(image: Buffer, variantsOf: (image: Buffer) => Promise<Record<DihedralVariant, string>>) {
    const variants = await variantsOf(image);
    const distances = {} as Record<DihedralVariant, number>;
    for (const variant of DIHEDRAL_VARIANTS) {
      const transformed = await transforms[variant](sharp(image)).png().toBuffer();
      distances[variant] = hammingDistance((await pdqOfImage(transformed)).hash, variants[variant]);
    }
    return distances;
  }
  const fromCoefficients = async (image: Buffer) => dihedralHashes((await pdqOfImage(image)).coefficients);
  const noDistance = Object.fromEntries(DIHEDRAL_VARIANTS.map((variant) => [variant, 0]));
  const beyondMatch = (distances: Record<DihedralVariant, number>) => Object.entries(distances).filter(([, distance]) => distance > PDQ_MATCH_DISTANCE);

  it('from the DCT block are exactly the hashes of the rotated and mirrored image when nothing is resampled (64×64)', async () => {
    // At 64×64 the box filters and the decimation are the identity, so only the DCT algebra is left to differ.
    const image = await sharp(reference('q0122.jpg')).resize(64, 64, { fit: 'fill' }).png().toBuffer();
    expect(await variantDistances(image, fromCoefficients)).toEqual(noDistance);
  });

  it('from the DCT block match a rotated or mirrored copy of a photograph within the match threshold', async () => {
    // At full size the reference's even box windows and centre sampling are not mirror-symmetric: a mirror moves the
    // sampling grid by a pixel or two, up to 18 bits for this photograph.
    expect(beyondMatch(await variantDistances(readFileSync(reference('bridge-1-original.jpg')), fromCoefficients))).toEqual([]);
  });

  it('hashed from the transformed pixels are the hashes of the rotated and mirrored image', async () => {
    // 256×256, where the DCT shortcut is up to 86 bits off: no resampling, so the very same hash.
    expect(await variantDistances(readFileSync(reference('q0122.jpg')), dihedralHashesOfImage)).toEqual(noDistance);
    // Shrunk from 1600 px, where nearest-neighbour sampling is not mirror-symmetric either: 2 bits (the DCT way: 18).
    expect(beyondMatch(await variantDistances(readFileSync(reference('bridge-1-original.jpg')), dihedralHashesOfImage))).toEqual([]);
  });

  it('are far from the original for a mirror image, which is why they exist', async () => {
    const variants = dihedralHashes((await pdqOfImage(reference('bridge-1-original.jpg'))).coefficients);
    expect(hammingDistance(variants.original, variants.flipX)).toBeGreaterThan(PDQ_MATCH_DISTANCE);
    expect(hammingDistance(variants.original, variants.rotate90)).toBeGreaterThan(PDQ_MATCH_DISTANCE);
  });
});
