import type { Sharp } from 'sharp';
import { drawText, textWidth } from './font';
import { Rng } from './rng';

/**
 * Families of near-duplicate images: one base picture per family (large soft shapes on a gradient, seeded, so
 * families are far apart in PDQ and far from the ordinary synthetic images), re-rendered by each member with one
 * small edit, as a user re-generating the same image would. Every member is within PDQ's 31 bits of the original
 * (lib/similar/near-duplicates.test.ts checks it for the seeds the tests use).
 */

export const NEAR_DUPLICATE_EDITS = ['original', 'smaller', 'brighter', 'caption', 'noise'] as const;
export type NearDuplicateEdit = (typeof NEAR_DUPLICATE_EDITS)[number];
export const NEAR_DUPLICATE_FAMILIES = 3;

/** What rendering a member needs: its family's base (a number from the seed and the family) and its edit. */
export interface NearDuplicateLook {
  base: number;
  family: number;
  edit: NearDuplicateEdit;
}

/** sharp, loaded by the caller on its first render (not at the emulator's start). */
type SharpFactory = typeof import('sharp').default;

type Rgb = readonly [number, number, number];

function colour(rng: Rng): Rgb {
  return [rng.int(20, 235), rng.int(20, 235), rng.int(20, 235)];
}

/** The family's base picture: a diagonal two-colour gradient and six ellipses, in raw RGB. */
function basePixels(look: NearDuplicateLook, width: number, height: number): Buffer {
  const rng = new Rng('near-duplicate-base', look.base);
  const [from, to] = [colour(rng), colour(rng)];
  const shapes = Array.from({ length: 6 }, () => ({
    cx: rng.next() * width,
    cy: rng.next() * height,
    rx: (0.12 + rng.next() * 0.25) * width,
    ry: (0.12 + rng.next() * 0.25) * height,
    rgb: colour(rng),
  }));
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const t = (x / width + y / height) / 2;
      let rgb: Rgb = [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, from[2] + (to[2] - from[2]) * t];
      for (const shape of shapes) {
        const dx = (x - shape.cx) / shape.rx;
        const dy = (y - shape.cy) / shape.ry;
        if (dx * dx + dy * dy <= 1) rgb = shape.rgb;
      }
      pixels.set(rgb, (y * width + x) * 3);
    }
  }
  const label = `SYNTHETIC FAMILY ${look.family + 1}`;
  const scale = Math.max(1, Math.floor(width / 120));
  drawText(pixels, width, height, label, Math.round((width - textWidth(label, scale)) / 2), height - 12 * scale, scale, [255, 255, 255]);
  return pixels;
}

/** The member's edit, on the base's pixels, before encoding. */
async function edited(sharp: SharpFactory, look: NearDuplicateLook, pixels: Buffer, width: number, height: number): Promise<Sharp> {
  const raw = { raw: { width, height, channels: 3 as const } };
  switch (look.edit) {
    case 'smaller':
      // Re-uploaded at 60 % of the size (and re-encoded).
      return sharp(pixels, raw).resize(Math.round(width * 0.6), Math.round(height * 0.6));
    case 'brighter':
      return sharp(pixels, raw).modulate({ brightness: 1.15 });
    case 'caption': {
      const scale = Math.max(2, Math.floor(width / 170));
      drawText(pixels, width, height, 'REPOSTED', Math.round(width * 0.06), Math.round(height * 0.06), scale, [255, 255, 0]);
      return sharp(pixels, raw);
    }
    case 'noise': {
      const rng = new Rng('near-duplicate-noise', look.base);
      for (let i = 0; i < pixels.length; i += 1) pixels[i] = Math.max(0, Math.min(255, pixels[i]! + rng.int(-24, 24)));
      return sharp(pixels, raw);
    }
    case 'original':
      return sharp(pixels, raw);
  }
}

/** The member's picture, ready to encode as its blob's format. */
export async function nearDuplicateImage(sharp: SharpFactory, look: NearDuplicateLook, width: number, height: number): Promise<Sharp> {
  return edited(sharp, look, basePixels(look, width, height), width, height);
}
