import { describe, expect, it } from 'vitest';
import { previewVariant } from './preview-variant';

describe('previewVariant', () => {
  const settings = { blurStrength: 'strong', grayscale: false } as const;

  it('names the thumbnail of tier 0 and the blurred preview of tier 1 with the reviewer’s settings', () => {
    expect(previewVariant({ previewAllowed: true, tier: 0 }, settings)).toBe('thumb');
    expect(previewVariant({ previewAllowed: true, tier: 1 }, settings)).toBe('blur-strong');
    expect(previewVariant({ previewAllowed: true, tier: 1 }, { blurStrength: 'light', grayscale: true })).toBe('blur-light-gray');
  });

  it('is null whenever no preview may be sent', () => {
    expect(previewVariant({ previewAllowed: false, tier: 1 }, settings)).toBeNull();
    expect(previewVariant({ previewAllowed: false, tier: 3 }, settings)).toBeNull();
  });
});
