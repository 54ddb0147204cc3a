import { describe, expect, it } from 'vitest';
import { describeOkWarning, okNeedsConfirmation } from './ok-guard';

describe('okNeedsConfirmation', () => {
  it('lets OK through when every output is below or unknown', () => {
    expect(okNeedsConfirmation([])).toBeNull();
    expect(okNeedsConfirmation([{ blobId: 'A', band: 'below', csamPercent: 3.12 }, { blobId: 'B', band: 'unknown', csamPercent: null }])).toBeNull();
  });

  it('names the worst output near or above: above beats near, then the higher score', () => {
    const warning = okNeedsConfirmation([
      { blobId: 'A', band: 'below', csamPercent: 3.12 },
      { blobId: 'B', band: 'near', csamPercent: 40 },
      { blobId: 'C', band: 'above', csamPercent: 61.5 },
      { blobId: 'D', band: 'above', csamPercent: 55 },
    ]);
    expect(warning).toEqual({ blobId: 'C', band: 'above', percent: 61.5 });
    expect(describeOkWarning(warning!)).toBe('Output C scores 61.50 % (above the CSAM threshold).');
  });
});
