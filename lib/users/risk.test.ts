import { describe, expect, it } from 'vitest';
import { histogramEdges, levelCounts, scoreDistribution } from './risk';

const thresholds = { near: 10, above: 50 };

describe('histogramEdges', () => {
  it('puts edges on both thresholds', () => {
    expect(histogramEdges(thresholds)).toEqual([0, 1, 5, 10, 30, 50, 75, 100]);
  });
});

describe('scoreDistribution', () => {
  const { histogram, bands } = scoreDistribution(
    [
      { percent: 0, count: 3 },
      { percent: 0.5, count: 2 },
      { percent: 10, count: 1 },
      { percent: 49.99, count: 4 },
      { percent: 50, count: 2 },
      { percent: 100, count: 1 },
      { percent: null, count: 5 },
      // Out of range: scoreBand reads it as unknown, never as a bin.
      { percent: 140, count: 1 },
    ],
    thresholds,
  );
  const counts = Object.fromEntries(histogram.map((bin) => [bin.label, bin.count]));

  it('bins readable scores on the thresholds, the last bin including 100', () => {
    expect(counts['0–1 %']).toBe(5);
    expect(counts['10–30 %']).toBe(1);
    expect(counts['30–50 %']).toBe(4);
    expect(counts['50–75 %']).toBe(2);
    expect(counts['75–100 %']).toBe(1);
    expect(histogram.find((bin) => bin.label === '50–75 %')?.band).toBe('above');
    expect(histogram.find((bin) => bin.label === '30–50 %')?.band).toBe('near');
  });

  it('counts outputs per band with the thresholds in force, unreadable and out-of-range as unknown', () => {
    expect(bands).toEqual({ below: 5, near: 5, above: 3, unknown: 6 });
    expect(scoreDistribution([{ percent: 49.99, count: 4 }], { near: 10, above: 40 }).bands.above).toBe(4);
  });
});

describe('levelCounts', () => {
  it('orders levels by maturity and folds na, missing and junk into unrated', () => {
    expect(
      levelCounts([
        { level: 'XXX', count: 1 },
        { level: 'pg', count: 2 },
        { level: 'na', count: 1 },
        { level: null, count: 2 },
        { level: 'PG-13', count: 1 },
      ]),
    ).toEqual([
      { level: 'pg', count: 2 },
      { level: 'pg13', count: 1 },
      { level: 'xxx', count: 1 },
      { level: 'unrated', count: 3 },
    ]);
  });
});
