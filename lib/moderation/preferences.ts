import { z } from 'zod';

/**
 * A reviewer's wellness settings, saved per reviewer. Plain TypeScript (no server-only): the settings form and the
 * tiles read the same schema. Every setting can only make media harder to see than the organisation's gate: the
 * server renders the blur into the preview pixels, so nothing set in a browser can lower it.
 */

export const BLUR_STRENGTHS = ['light', 'medium', 'strong'] as const;
export type BlurStrength = (typeof BLUR_STRENGTHS)[number];

/** How mature (tier 1) tiles look before a reveal: a blurred preview, or hidden like tier 2 (a text placeholder). */
export const MATURE_TILE_MODES = ['blurred', 'hidden'] as const;
export type MatureTileMode = (typeof MATURE_TILE_MODES)[number];

const fields = {
  blurStrength: z.enum(BLUR_STRENGTHS),
  grayscale: z.boolean(),
  matureTiles: z.enum(MATURE_TILE_MODES),
  videoMuted: z.boolean(),
  videoAutoplay: z.boolean(),
};

/** A complete, valid set of settings. */
export const reviewerPreferencesSchema = z.object(fields).strict();
export type ReviewerPreferences = z.output<typeof reviewerPreferencesSchema>;

/** A change to some settings (what the settings form sends). */
export const preferencesChangeSchema = z.object(fields).partial().strict();
export type PreferencesChange = z.output<typeof preferencesChangeSchema>;

/** Safe by default: blurred, grayscale, muted, no autoplay. */
export const DEFAULT_PREFERENCES: ReviewerPreferences = {
  blurStrength: 'medium',
  grayscale: true,
  matureTiles: 'blurred',
  videoMuted: true,
  videoAutoplay: false,
};

/** Reads stored settings; anything missing or unreadable falls back to the safe default for that setting. */
export function readPreferences(raw: unknown): ReviewerPreferences {
  const base = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const read = <K extends keyof ReviewerPreferences>(key: K): ReviewerPreferences[K] => {
    const field = fields[key].safeParse(base[key]);
    return field.success ? (field.data as ReviewerPreferences[K]) : DEFAULT_PREFERENCES[key];
  };
  return {
    blurStrength: read('blurStrength'),
    grayscale: read('grayscale'),
    matureTiles: read('matureTiles'),
    videoMuted: read('videoMuted'),
    videoAutoplay: read('videoAutoplay'),
  };
}

/**
 * Gaussian blur sigma of the server-rendered preview (320 px on the long side). Even `light` leaves no readable
 * detail at that size; there is deliberately no "off".
 */
export const PREVIEW_BLUR_SIGMA: Record<BlurStrength, number> = { light: 8, medium: 16, strong: 28 };

/** Videos never preload: a gated video's first byte is fetched only after a reveal and a click on play. */
export const VIDEO_PRELOAD = 'none';
