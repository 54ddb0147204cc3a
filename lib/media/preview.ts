import 'server-only';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { PREVIEW_BLUR_SIGMA, type BlurStrength } from '@/lib/moderation/preferences';

/**
 * The blurred preview of a tier 0-1 image, rendered on the server: downscaled, blurred in the pixels and optionally
 * grayscale, re-encoded without metadata. The browser never gets the sharp original to blur with CSS.
 *
 * Budget: a preview is at most 1/8 of the original's bytes (issue 8). If even the smallest size does not fit
 * (a tiny original), there is no preview and the tile shows a placeholder.
 */

// Memory only: sharp's operation cache would keep decoded media around (TEST-PLAN F-31).
sharp.cache(false);

/** Longest edge of a preview tile. */
export const PREVIEW_EDGE = 320;
/** Smaller sizes tried, in order, when a preview would exceed its byte budget. */
const FALLBACK_EDGES = [PREVIEW_EDGE, 160, 64, 24];
/** Originals above this many pixels are not decoded for a preview (about 8k × 8k). */
const MAX_INPUT_PIXELS = 64 * 1024 * 1024;
/** Renders at once: each holds one original in memory. */
const renders = pLimit(2);

export interface PreviewOptions {
  /** Null: a plain thumbnail, for tier 0 media only. */
  blur: BlurStrength | null;
  grayscale: boolean;
}

export type PreviewResult =
  | { ok: true; bytes: Buffer; contentType: 'image/webp'; width: number; height: number }
  | { ok: false; reason: 'undecodable' | 'over_budget' };

export function previewBudget(originalBytes: number): number {
  return Math.floor(originalBytes / 8);
}

async function renderAt(original: Buffer, edge: number, options: PreviewOptions) {
  let pipeline = sharp(original, { limitInputPixels: MAX_INPUT_PIXELS, animated: false, sequentialRead: true })
    .rotate()
    .resize(edge, edge, { fit: 'inside', withoutEnlargement: true });
  if (options.blur !== null) {
    // The blur strength is set for a 320 px tile; smaller tiles get a proportionally smaller sigma (same look).
    pipeline = pipeline.blur(Math.max(0.3, (PREVIEW_BLUR_SIGMA[options.blur] * edge) / PREVIEW_EDGE));
  }
  if (options.grayscale) pipeline = pipeline.grayscale();
  const { data, info } = await pipeline.webp({ quality: 40, effort: 2 }).toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

/**
 * Renders the preview. A blurred (gated) preview must fit 1/8 of the original or there is none; a plain tier 0
 * thumbnail shows nothing the full media would not, so it is served at full tile size whatever its weight.
 */
export function renderPreview(original: Buffer, options: PreviewOptions): Promise<PreviewResult> {
  return renders(async () => {
    const budget = options.blur === null ? Infinity : previewBudget(original.length);
    for (const edge of FALLBACK_EDGES) {
      let rendered;
      try {
        rendered = await renderAt(original, edge, options);
      } catch {
        return { ok: false, reason: 'undecodable' } as const;
      }
      if (rendered.bytes.length <= budget) return { ok: true, contentType: 'image/webp', ...rendered } as const;
    }
    return { ok: false, reason: 'over_budget' } as const;
  });
}
