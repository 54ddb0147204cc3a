import { describe, expect, it } from 'vitest';
import {
  interpretScan,
  parseCsamScores,
  parseNsfwLevel,
  parsePromptFlags,
  scoreBand,
  worstBand,
} from './scan';

const thresholds = { near: 10, above: 50 };

describe('scoreBand', () => {
  it.each([
    [0, 'below'],
    [9.99, 'below'],
    [10, 'near'],
    [49.99, 'near'],
    [50, 'above'],
    [100, 'above'],
  ] as const)('%s %% is %s', (percent, band) => {
    expect(scoreBand(percent, thresholds)).toBe(band);
  });

  it.each([null, Number.NaN, -1, 100.01, Number.POSITIVE_INFINITY])('%s is unknown, never below', (percent) => {
    expect(scoreBand(percent, thresholds)).toBe('unknown');
  });
});

describe('worstBand', () => {
  it('ranks below < near < unknown < above', () => {
    expect(worstBand(['below', 'near'])).toBe('near');
    expect(worstBand(['near', 'unknown', 'below'])).toBe('unknown');
    // A known "above" is not softened by an unreadable neighbour.
    expect(worstBand(['unknown', 'above'])).toBe('above');
  });

  it('no scores at all is unknown, not below', () => {
    expect(worstBand([])).toBe('unknown');
  });
});

describe('parseCsamScores (contract §4.4 formats)', () => {
  it('reads the wire form: one percentage per output, ", " separated', () => {
    expect(parseCsamScores('0.00 %, 12.50 %', thresholds)).toEqual({
      raw: '0.00 %, 12.50 %',
      values: [0, 12.5],
      bands: ['below', 'near'],
      worst: 'near',
    });
  });

  it('reads a single value and a value without the space before %', () => {
    expect(parseCsamScores('73.10 %', thresholds)).toMatchObject({ values: [73.1], bands: ['above'], worst: 'above' });
    expect(parseCsamScores('5%', thresholds)).toMatchObject({ values: [5], bands: ['below'] });
  });

  it('tolerates extra spaces and commas without spaces', () => {
    expect(parseCsamScores(' 1.00 % ,2.00 %', thresholds)).toMatchObject({ values: [1, 2], worst: 'below' });
  });

  it('missing key → no values, unknown', () => {
    expect(parseCsamScores(undefined, thresholds)).toEqual({ raw: null, values: [], bands: [], worst: 'unknown' });
    expect(parseCsamScores(null, thresholds)).toEqual({ raw: null, values: [], bands: [], worst: 'unknown' });
  });

  it.each(['NaN', '-1', '-1 %', '7', '12.50', '0.9', '', 'abc %', '1e2 %', '150 %', 'Infinity %'])(
    'junk or ambiguous %j is unknown, with the raw string kept',
    (raw) => {
      const scores = parseCsamScores(raw, thresholds);
      expect(scores.raw).toBe(raw);
      expect(scores.bands).toEqual(['unknown']);
      expect(scores.values).toEqual([null]);
      expect(scores.worst).toBe('unknown');
    },
  );

  it('a bare number is trusted only when percent and fraction readings agree', () => {
    // 0 and 0.05 are below the near line either way (0.05 % or 5 %).
    expect(parseCsamScores('0', thresholds)).toMatchObject({ values: [0], bands: ['below'] });
    expect(parseCsamScores('0.05', thresholds)).toMatchObject({ values: [5], bands: ['below'] });
    // 0.9 % is below but 90 % is above: ambiguous.
    expect(parseCsamScores('0.9', thresholds).worst).toBe('unknown');
  });

  it('numbers instead of strings follow the bare-number rule', () => {
    expect(parseCsamScores(0.9, thresholds)).toMatchObject({ raw: '0.9', bands: ['unknown'] });
    expect(parseCsamScores(7, thresholds)).toMatchObject({ raw: '7', bands: ['unknown'] });
    expect(parseCsamScores(-1, thresholds)).toMatchObject({ bands: ['unknown'] });
    expect(parseCsamScores(Number.NaN, thresholds)).toMatchObject({ bands: ['unknown'] });
    expect(parseCsamScores(0, thresholds)).toMatchObject({ bands: ['below'] });
  });

  it('other types (object, boolean) are unknown and displayed as text', () => {
    expect(parseCsamScores({ score: 1 }, thresholds)).toEqual({
      raw: '{"score":1}',
      values: [null],
      bands: ['unknown'],
      worst: 'unknown',
    });
    expect(parseCsamScores(true, thresholds).worst).toBe('unknown');
  });

  it('one junk token among good ones makes the worst unknown unless another is above', () => {
    expect(parseCsamScores('0.00 %, NaN', thresholds)).toMatchObject({ values: [0, null], worst: 'unknown' });
    expect(parseCsamScores('NaN, 80.00 %', thresholds)).toMatchObject({ worst: 'above' });
  });

  it('follows configured thresholds', () => {
    expect(parseCsamScores('5.00 %', { near: 5, above: 20 }).worst).toBe('near');
  });
});

describe('parseNsfwLevel', () => {
  it.each([
    ['pg', 'pg'],
    ['PG13', 'pg13'],
    ['pg-13', 'pg13'],
    ['PG-13', 'pg13'],
    [' R ', 'r'],
    ['X', 'x'],
    ['xxx', 'xxx'],
  ] as const)('%j → %s', (raw, level) => {
    expect(parseNsfwLevel(raw)).toBe(level);
  });

  it.each(['na', 'NA', '', 'pg 13', 'blocked', 0, 1, null, undefined, {}, ['pg']])('%j → unscanned', (raw) => {
    expect(parseNsfwLevel(raw)).toBe('unscanned');
  });
});

describe('parsePromptFlags', () => {
  it('lists truthy keys across boolean, number and string values', () => {
    const flags = parsePromptFlags({
      sexual: true,
      young: 1,
      cr: false,
      scan: 'true',
      minor: 0,
      violence: 'false',
      drugs: 0.7,
      hate: null,
      other: 'No',
    });
    expect(flags.flagged).toEqual(['sexual', 'young', 'scan', 'drugs']);
    expect(flags.all).toMatchObject({ cr: false, hate: null });
  });

  it('a __proto__ key is kept as data and pollutes nothing', () => {
    const raw = JSON.parse('{"__proto__": true, "sexual": true, "x": {"__proto__": {"polluted": true}}}') as unknown;
    const flags = parsePromptFlags(raw);
    expect(flags.flagged).toEqual(['__proto__', 'sexual']);
    expect(Object.getPrototypeOf(flags.all)).toBe(Object.prototype);
    expect(Object.hasOwn(flags.all, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((flags.all as Record<string, unknown>).polluted).toBeUndefined();
    expect(flags.all.__proto__).toBe(true);
  });

  it('non-objects give no flags', () => {
    for (const raw of [null, undefined, 'sexual', ['sexual'], 3]) {
      expect(parsePromptFlags(raw)).toEqual({ flagged: [], all: {} });
    }
  });
});

describe('interpretScan', () => {
  const context = {
    hive_csam_score: '0.00 %, 0.00 %',
    hive_vlm_summary: 'X, No_Child',
    worker_group: 'g1',
    trace_id: '00-1234567890abcdef1234567890abcdef-fedcba0987654321-00',
  };

  it('reads the reference job (contract §10.4)', () => {
    const evidence = interpretScan(
      { context, promptClassificationResult: { sexual: true, young: true, cr: false, scan: true } },
      thresholds,
    );
    expect(evidence).toEqual({
      csam: { raw: '0.00 %, 0.00 %', values: [0, 0], bands: ['below', 'below'], worst: 'below' },
      vlm: { raw: 'X, No_Child', tokens: ['X', 'No_Child'] },
      blockedReason: null,
      nsfwLevel: 'unscanned',
      promptFlags: { flagged: ['sexual', 'young', 'scan'], all: { sexual: true, young: true, cr: false, scan: true } },
      context,
      scanAvailable: true,
    });
  });

  it('reads blocked_reason, the legacy blockedReason and nsfwLevel from the context', () => {
    expect(
      interpretScan({ context: { ...context, blocked_reason: 'ChildReference', nsfwLevel: 'X' } }, thresholds),
    ).toMatchObject({ blockedReason: 'ChildReference', nsfwLevel: 'x' });
    expect(interpretScan({ context: { ...context, blockedReason: 'Bestiality' } }, thresholds).blockedReason).toBe(
      'Bestiality',
    );
    expect(interpretScan({ context: { ...context, blocked_reason: 'none' } }, thresholds).blockedReason).toBeNull();
  });

  it('stringifies context values for display', () => {
    const evidence = interpretScan(
      { context: { n: 3, b: false, nothing: null, nested: { a: [1] }, text: 'as is' } },
      thresholds,
    );
    expect(evidence.context).toEqual({ n: '3', b: 'false', nothing: '', nested: '{"a":[1]}', text: 'as is' });
  });

  it.each([undefined, null, 'context', [context]])('no usable context (%j) → scan unavailable, unknown', (raw) => {
    const evidence = interpretScan({ context: raw }, thresholds);
    expect(evidence.scanAvailable).toBe(false);
    expect(evidence.csam.worst).toBe('unknown');
    expect(evidence.nsfwLevel).toBe('unscanned');
    expect(evidence.context).toEqual({});
  });

  // TEST-PLAN F-22: wrong or missing fields are "scan unavailable", never coerced to safe.
  it.each([null, '0.9', 'NaN', '-1', '7', 0.9, -1, 7])('F-22: hive_csam_score %j → scan unavailable', (score) => {
    const evidence = interpretScan({ context: { hive_csam_score: score, nsfwLevel: 0 } }, thresholds);
    expect(evidence.scanAvailable).toBe(false);
    expect(evidence.csam.worst).toBe('unknown');
    expect(evidence.nsfwLevel).toBe('unscanned');
  });

  it('a context without hive_csam_score is scan unavailable', () => {
    expect(interpretScan({ context: { hive_vlm_summary: 'PG, No_Child' } }, thresholds).scanAvailable).toBe(false);
  });

  it('ignores inherited properties of the context', () => {
    const inherited = Object.create({ hive_csam_score: '0.00 %' }) as Record<string, unknown>;
    expect(interpretScan({ context: inherited }, thresholds).csam.raw).toBeNull();
  });
});
