/**
 * A reviewer's wellness settings and their safe defaults, without zod so the media tiles stay light in the browser
 * (the schemas are in ./preferences). Every setting can only make media harder to see than the organisation's gate:
 * the server renders the blur into the preview pixels, so nothing set in a browser can lower it.
 */

export const BLUR_STRENGTHS = ['light', 'medium', 'strong'] as const;
export type BlurStrength = (typeof BLUR_STRENGTHS)[number];

/** How mature (tier 1) tiles look before a reveal: a blurred preview, or hidden like tier 2 (a text placeholder). */
export const MATURE_TILE_MODES = ['blurred', 'hidden'] as const;
export type MatureTileMode = (typeof MATURE_TILE_MODES)[number];

export interface ReviewerPreferences {
  blurStrength: BlurStrength;
  grayscale: boolean;
  matureTiles: MatureTileMode;
  videoMuted: boolean;
  videoAutoplay: boolean;
  /** After a reveal, hard-gated (tier 3) media stays grayscale and blurred until the reviewer lifts each one. */
  veilHardGate: boolean;
}

/** Safe by default: blurred, grayscale, muted, no autoplay, hard-gated media veiled after a reveal. */
export const DEFAULT_PREFERENCES: ReviewerPreferences = {
  blurStrength: 'medium',
  grayscale: true,
  matureTiles: 'blurred',
  videoMuted: true,
  videoAutoplay: false,
  veilHardGate: true,
};

/**
 * Gaussian blur sigma of the server-rendered preview (320 px on the long side). Even `light` leaves no readable
 * detail at that size; there is deliberately no "off".
 */
export const PREVIEW_BLUR_SIGMA: Record<BlurStrength, number> = { light: 8, medium: 16, strong: 28 };

/** Videos never preload: a gated video's first byte is fetched only after a reveal and a click on play. */
export const VIDEO_PRELOAD = 'none';
