import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, preferencesChangeSchema, readPreferences } from './preferences';

describe('reviewer preferences', () => {
  it('default to the safe settings', () => {
    expect(DEFAULT_PREFERENCES).toEqual({
      blurStrength: 'medium',
      grayscale: true,
      matureTiles: 'blurred',
      videoMuted: true,
      videoAutoplay: false,
      veilHardGate: true,
    });
  });

  it('keep each valid setting and replace each unreadable one with its safe default', () => {
    expect(
      readPreferences({ blurStrength: 'strong', grayscale: false, matureTiles: 'none', videoMuted: 'no', extra: 1 }),
    ).toEqual({ blurStrength: 'strong', grayscale: false, matureTiles: 'blurred', videoMuted: true, videoAutoplay: false, veilHardGate: true });
    expect(readPreferences({ veilHardGate: false }).veilHardGate).toBe(false);
    expect(readPreferences({ veilHardGate: 'off' }).veilHardGate).toBe(true);
  });

  it('a blur of zero is not a setting', () => {
    expect(readPreferences({ blurStrength: 0 }).blurStrength).toBe('medium');
  });

  it.each([null, 'strong', [], 42])('non-objects (%j) give the defaults', (raw) => {
    expect(readPreferences(raw)).toEqual(DEFAULT_PREFERENCES);
  });
});

describe('a settings change', () => {
  it('carries only what changed, and refuses unknown or invalid settings', () => {
    expect(preferencesChangeSchema.parse({ grayscale: false })).toEqual({ grayscale: false });
    expect(preferencesChangeSchema.safeParse({ blurStrength: 'none' }).success).toBe(false);
    expect(preferencesChangeSchema.safeParse({ blur: 0 }).success).toBe(false);
  });
});
