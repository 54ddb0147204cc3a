import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPreview, previewBudget, type PreviewResult } from './preview';

/** A photo-like test image: smooth gradients plus fine noise, so blur has detail to remove. */
async function photo(width: number, height: number, format: 'jpeg' | 'png' = 'jpeg'): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      const checker = ((x >> 3) + (y >> 3)) % 2 === 0 ? 60 : 0;
      raw[i] = (x * 255) / width + checker;
      raw[i + 1] = (y * 255) / height + ((x * 7 + y * 13) % 31);
      raw[i + 2] = 128 + checker;
    }
  }
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'jpeg' ? image.jpeg({ quality: 90 }).toBuffer() : image.png().toBuffer();
}

/** Mean absolute difference between horizontal neighbours: high for sharp detail, low once blurred. */
async function edgeEnergy(image: Buffer, edge: number): Promise<number> {
  const { data, info } = await sharp(image).resize(edge, edge, { fit: 'fill' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  let total = 0;
  for (let y = 0; y < info.height; y += 1) {
    for (let x = 1; x < info.width; x += 1) total += Math.abs(data[y * info.width + x]! - data[y * info.width + x - 1]!);
  }
  return total / (info.height * (info.width - 1));
}

function ok(result: PreviewResult) {
  if (!result.ok) throw new Error(`no preview: ${result.reason}`);
  return result;
}

let original: Buffer;

beforeAll(async () => {
  original = await photo(1216, 832);
});

describe('renderPreview', () => {
  it('downscales to 320 px, outputs webp, and stays within 1/8 of the original bytes', async () => {
    const preview = ok(await renderPreview(original, { blur: 'medium', grayscale: false }));
    expect(preview.contentType).toBe('image/webp');
    expect(Math.max(preview.width, preview.height)).toBe(320);
    expect(preview.bytes.length).toBeLessThanOrEqual(previewBudget(original.length));
    const meta = await sharp(preview.bytes).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
  });

  it('blurs in the pixels: much less edge detail than a plain downscale, more for stronger blur', async () => {
    const plain = await sharp(original).resize(320).webp().toBuffer();
    const light = ok(await renderPreview(original, { blur: 'light', grayscale: false }));
    const strong = ok(await renderPreview(original, { blur: 'strong', grayscale: false }));
    const plainEnergy = await edgeEnergy(plain, 128);
    const lightEnergy = await edgeEnergy(light.bytes, 128);
    const strongEnergy = await edgeEnergy(strong.bytes, 128);
    expect(lightEnergy).toBeLessThan(plainEnergy / 3);
    expect(strongEnergy).toBeLessThan(lightEnergy);
  });

  it('grayscale gives equal channels', async () => {
    const preview = ok(await renderPreview(original, { blur: 'light', grayscale: true }));
    const { data, info } = await sharp(preview.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    for (let i = 0; i < data.length; i += 3 * 97) {
      expect(Math.abs(data[i]! - data[i + 1]!)).toBeLessThanOrEqual(2);
      expect(Math.abs(data[i]! - data[i + 2]!)).toBeLessThanOrEqual(2);
    }
  });

  it('a small original gets a smaller preview to keep the 1/8 budget, or none', async () => {
    const small = await photo(200, 200, 'png');
    const preview = await renderPreview(small, { blur: 'medium', grayscale: true });
    if (preview.ok) expect(preview.bytes.length).toBeLessThanOrEqual(previewBudget(small.length));
    const tiny = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer();
    expect(await renderPreview(tiny, { blur: 'medium', grayscale: false })).toEqual({ ok: false, reason: 'over_budget' });
  });

  it('takes the first frame of an animated gif', async () => {
    const frame = async (background: string) =>
      sharp({ create: { width: 640, height: 640, channels: 3, background } }).composite([{ input: await photo(320, 320, 'png'), left: 0, top: 0 }]).png().toBuffer();
    const gif = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).gif().toBuffer();
    expect((await sharp(gif, { animated: true }).metadata()).pages).toBe(2);
    const preview = ok(await renderPreview(gif, { blur: 'light', grayscale: false }));
    expect((await sharp(preview.bytes).metadata()).pages ?? 1).toBe(1);
  });

  it('a tier 0 thumbnail is not blurred and ignores the byte budget', async () => {
    const tiny = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer();
    expect(ok(await renderPreview(tiny, { blur: null, grayscale: false })).width).toBe(4);
    const thumb = ok(await renderPreview(original, { blur: null, grayscale: false }));
    const plain = await sharp(original).resize(320).webp().toBuffer();
    expect(await edgeEnergy(thumb.bytes, 128)).toBeGreaterThan((await edgeEnergy(plain, 128)) * 0.8);
  });

  it('something that is not an image gives no preview', async () => {
    expect(await renderPreview(Buffer.from('<html>not an image</html>'), { blur: 'light', grayscale: false })).toEqual({
      ok: false,
      reason: 'undecodable',
    });
  });
});
