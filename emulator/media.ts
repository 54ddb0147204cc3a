import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Sharp } from 'sharp';
import { drawText, textWidth } from './font';
import { nearDuplicateImage, type NearDuplicateLook } from './near-duplicates';
import { hash32 } from './rng';

/**
 * Synthetic media: deterministic images made here (a noisy colour field with large text naming the blob and its level,
 * so a screenshot shows which blob is which; never real imagery), and one tiny committed mp4 for every video blob.
 * Rendered bytes sit in a byte-bounded LRU cache; a given blob always renders to the same bytes.
 */

/** What rendering needs to know about a blob. */
export interface MediaSpec {
  id: string;
  type: 'image' | 'video';
  extension: string;
  width: number;
  height: number;
  nsfwLevel: string | undefined;
  blockedReason: string | null;
  /** A member of a near-duplicate family: its family's picture with its own edit, instead of the labelled field. */
  nearDuplicate?: NearDuplicateLook;
}

const VIDEO_FILE = fileURLToPath(new URL('./media/sample.mp4', import.meta.url));
const RENDER_CLI = fileURLToPath(new URL('./render-cli.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAX_SIDE = 2048;

const BACKGROUNDS: Record<string, readonly [number, number, number]> = {
  pg: [46, 125, 50],
  pg13: [0, 131, 143],
  r: [239, 108, 0],
  x: [198, 40, 40],
  xxx: [106, 27, 154],
  na: [84, 110, 122],
  missing: [55, 71, 79],
};

// sharp (a native library) loads on the first render, not at start-up.
let sharpModule: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;

let videoBytes: Buffer | undefined;
export function sampleVideo(): Buffer {
  videoBytes ??= readFileSync(VIDEO_FILE);
  return videoBytes;
}

const clampSide = (value: number) => Math.max(16, Math.min(MAX_SIDE, Math.round(value) || 16));

/** The raw RGB pixels of a blob's image: colour field, per-pixel noise (so encoders make realistic sizes), labels. */
function imagePixels(spec: MediaSpec): { pixels: Buffer; width: number; height: number } {
  const width = clampSide(spec.width);
  const height = clampSide(spec.height);
  const pixels = Buffer.alloc(width * height * 3);
  const [r, g, b] = BACKGROUNDS[spec.nsfwLevel ?? 'missing'] ?? BACKGROUNDS.missing!;
  let state = hash32('pixels', spec.id) || 1;
  for (let y = 0; y < height; y += 1) {
    const shade = 0.75 + (0.35 * y) / height;
    for (let x = 0; x < width; x += 1) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const noise = ((state >>> 0) % 41) - 20;
      const offset = (y * width + x) * 3;
      pixels[offset] = Math.max(0, Math.min(255, r * shade + noise));
      pixels[offset + 1] = Math.max(0, Math.min(255, g * shade + noise));
      pixels[offset + 2] = Math.max(0, Math.min(255, b * shade + noise));
    }
  }
  const lines: Array<[string, number]> = [
    ['EMULATOR SYNTHETIC', 0],
    [spec.id.slice(0, 16), 0],
    [spec.id.slice(16, 32), 0],
    [spec.id.slice(32), 0],
    [`LEVEL ${spec.nsfwLevel ?? 'NONE'}`, 1],
  ];
  if (spec.blockedReason) lines.push([`BLOCKED ${spec.blockedReason}`, 0]);
  let y = Math.round(height * 0.12);
  for (const [text, big] of lines) {
    if (!text) continue;
    const scale = Math.max(1, Math.floor((width * 0.9) / textWidth(big ? 'LEVEL PG13' : 'X'.repeat(Math.max(16, text.length)), 1)));
    drawText(pixels, width, height, text, Math.round((width - textWidth(text, scale)) / 2), y, scale, [255, 255, 255]);
    y += scale * 10;
  }
  return { pixels, width, height };
}

function encode(image: Sharp, extension: string): Promise<Buffer> {
  switch (extension) {
    case 'png':
      return image.png({ compressionLevel: 6 }).toBuffer();
    case 'webp':
      return image.webp({ quality: 80, effort: 2 }).toBuffer();
    default:
      return image.jpeg({ quality: 85, mozjpeg: false }).toBuffer();
  }
}

/** The bytes `/content/` serves for a blob; legacy blob keys have no extension and are PNG. */
export async function renderContent(spec: MediaSpec): Promise<Buffer> {
  if (spec.type === 'video') return sampleVideo();
  const sharp = await loadSharp();
  if (spec.nearDuplicate) return encode(await nearDuplicateImage(sharp, spec.nearDuplicate, clampSide(spec.width), clampSide(spec.height)), spec.extension);
  const { pixels, width, height } = imagePixels(spec);
  return encode(sharp(pixels, { raw: { width, height, channels: 3 } }), spec.extension);
}

/** The moderation placeholder `/blocked/` serves, at the requested size. */
export async function renderBlocked(width: number, height: number): Promise<Buffer> {
  const w = clampSide(width);
  const h = clampSide(height);
  const pixels = Buffer.alloc(w * h * 3, 96);
  const scale = Math.max(1, Math.floor((w * 0.8) / textWidth('BLOCKED', 1)));
  drawText(pixels, w, h, 'BLOCKED', Math.round((w - textWidth('BLOCKED', scale)) / 2), Math.round(h / 2 - 3.5 * scale), scale, [230, 230, 230]);
  const sharp = await loadSharp();
  return sharp(pixels, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Byte-bounded LRU of rendered media (Map iteration order is insertion order). */
export class MediaCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes = 96 * 1024 * 1024) {}

  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: Buffer): void {
    const old = this.entries.get(key);
    if (old) this.bytes -= old.length;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [oldest, bytes] of this.entries) {
      if (this.bytes <= this.maxBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.bytes -= bytes.length;
    }
  }

  /** Content bytes, rendered once. */
  async content(spec: MediaSpec): Promise<Buffer> {
    const cached = this.get(spec.id);
    if (cached) return cached;
    const bytes = await renderContent(spec);
    this.set(spec.id, bytes);
    return bytes;
  }

  async blocked(width: number, height: number): Promise<Buffer> {
    const key = `blocked:${clampSide(width)}x${clampSide(height)}`;
    const cached = this.get(key);
    if (cached) return cached;
    const bytes = await renderBlocked(width, height);
    this.set(key, bytes);
    return bytes;
  }

  /**
   * The same bytes, synchronously (the control API's blob read-out is synchronous). sharp has no synchronous API, so
   * an uncached image is rendered by a short-lived child process running the same code; sharp's output is
   * deterministic, and the bytes are cached so /content/ serves exactly them.
   */
  contentSync(spec: MediaSpec): Buffer {
    const cached = this.get(spec.id);
    if (cached) return cached;
    const bytes =
      spec.type === 'video'
        ? sampleVideo()
        : execFileSync(process.execPath, ['--import', 'tsx', RENDER_CLI], {
            cwd: REPO_ROOT,
            input: JSON.stringify(spec),
            maxBuffer: 64 * 1024 * 1024,
            stdio: ['pipe', 'pipe', 'inherit'],
          });
    this.set(spec.id, bytes);
    return bytes;
  }
}
