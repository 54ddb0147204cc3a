import { z } from 'zod';
import { BLUR_STRENGTHS, DEFAULT_PREFERENCES, MATURE_TILE_MODES, type ReviewerPreferences } from './preference-defaults';

export * from './preference-defaults';

/** The schemas of a reviewer's wellness settings: the settings form and the server read the same ones. */

const fields = {
  blurStrength: z.enum(BLUR_STRENGTHS),
  grayscale: z.boolean(),
  matureTiles: z.enum(MATURE_TILE_MODES),
  videoMuted: z.boolean(),
  videoAutoplay: z.boolean(),
  veilHardGate: z.boolean(),
};

/** A complete, valid set of settings. */
export const reviewerPreferencesSchema = z.object(fields).strict() satisfies z.ZodType<ReviewerPreferences>;

/** A change to some settings (what the settings form sends). */
export const preferencesChangeSchema = z.object(fields).partial().strict();
export type PreferencesChange = z.output<typeof preferencesChangeSchema>;

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
    veilHardGate: read('veilHardGate'),
  };
}
