import { describe, expect, it } from 'vitest';
import { describeClaim, describeProgress, isQueuePresetId, needsCsamReview, nextAfterDecision, stepOver } from './queue';

describe('needsCsamReview', () => {
  it('takes unreviewed workflows whose worst CSAM band is near, above or unknown', () => {
    expect(needsCsamReview({ localKind: null, tags: ['gen'], worstBand: 'near' })).toBe(true);
    expect(needsCsamReview({ localKind: null, tags: [], worstBand: 'above' })).toBe(true);
    expect(needsCsamReview({ localKind: null, tags: [], worstBand: 'unknown' })).toBe(true);
    expect(needsCsamReview({ localKind: null, tags: [], worstBand: 'below' })).toBe(false);
  });

  it('leaves out what the console or another tool already reviewed', () => {
    expect(needsCsamReview({ localKind: 'ok', tags: [], worstBand: 'above' })).toBe(false);
    expect(needsCsamReview({ localKind: null, tags: ['review:flagged'], worstBand: 'above' })).toBe(false);
  });
});

describe('queue progress', () => {
  it('reads "n of m, decided today"', () => {
    expect(describeProgress(2, 20, 5)).toBe('3 of 20 · 5 decided today');
    expect(describeProgress(0, 0, 0)).toBe('Queue empty · 0 decided today');
  });
});

describe('nextAfterDecision', () => {
  it('skips items already decided in this session', () => {
    expect(nextAfterDecision(0, [true, true, false, false])).toBe(2);
    expect(nextAfterDecision(2, [true, false, true, true])).toBe(3);
    expect(nextAfterDecision(3, [true, true, true, true])).toBe(3);
  });
});

describe('stepOver', () => {
  it('passes over items another reviewer holds, and stays put when every item that way is held', () => {
    expect(stepOver(0, 1, [false, true, true, false])).toBe(3);
    expect(stepOver(3, -1, [false, true, true, false])).toBe(0);
    expect(stepOver(1, 1, [false, false, true])).toBe(1);
    expect(stepOver(0, -1, [false])).toBe(0);
  });
});

describe('describeClaim', () => {
  it('names the holder and the whole minutes since they opened it', () => {
    const since = '2026-12-03T10:00:00.000Z';
    expect(describeClaim({ by: { name: 'Mo Moderator' }, since }, new Date('2026-12-03T10:02:59.000Z'))).toBe('Mo Moderator is reviewing this (2 min)');
    expect(describeClaim({ by: { name: 'Mo' }, since }, new Date('2026-12-03T09:59:00.000Z'))).toBe('Mo is reviewing this (0 min)');
  });
});

describe('isQueuePresetId', () => {
  it('knows the presets and nothing else', () => {
    expect(isQueuePresetId('escalated-to-me')).toBe(true);
    expect(isQueuePresetId('toString')).toBe(false);
  });
});
