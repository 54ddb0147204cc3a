/**
 * What a benchmark reports: figures, each a ratio or a count measured in the same run, with the target it is held to.
 * A feature that is missing yields "not available" with the reason, never a number.
 */

export type Comparison = '<=' | '<' | '>=' | '==';

export interface Target {
  op: Comparison;
  value: number;
}

export type FigureStatus = 'met' | 'missed' | 'reported' | 'not available' | 'skipped' | 'error';

export interface Figure {
  /** Stable key for results.json, e.g. `proxy.list.p50Ratio`. */
  key: string;
  label: string;
  value: number | null;
  unit: string;
  target?: Target;
  status: FigureStatus;
  /** How the figure was measured: sample sizes, the raw numbers the ratio came from. */
  detail: string;
}

export interface BenchmarkResult {
  id: string;
  title: string;
  figures: Figure[];
  seconds: number;
  /** When this benchmark ran (a partial `--only` run keeps the other benchmarks' earlier figures and dates). */
  measuredAt?: string;
}

/** Thrown by a benchmark when the product lacks what it measures; the figure reads "not available". */
export class NotAvailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAvailable';
  }
}

export function meets(value: number, target: Target): boolean {
  switch (target.op) {
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
    case '>=':
      return value >= target.value;
    case '==':
      return value === target.value;
  }
}

/** A measured figure; with a target it is met or missed, without one it is reported. */
export function figure(key: string, label: string, value: number, unit: string, detail: string, target?: Target): Figure {
  const status: FigureStatus = target ? (meets(value, target) ? 'met' : 'missed') : 'reported';
  return { key, label, value, unit, target, status, detail };
}

export function unavailable(key: string, label: string, reason: string, target?: Target): Figure {
  return { key, label, value: null, unit: '', target, status: 'not available', detail: reason };
}

/** Left out of this run on purpose (a smoke run skips what needs long waits). */
export function skipped(key: string, label: string, reason: string): Figure {
  return { key, label, value: null, unit: '', status: 'skipped', detail: reason };
}

export function failed(key: string, label: string, reason: string): Figure {
  return { key, label, value: null, unit: '', status: 'error', detail: reason };
}

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Runs one part of a benchmark; a missing feature becomes one "not available" row instead of sinking the rest. */
export async function measured(key: string, label: string, run: () => Promise<Figure[]>, target?: Target): Promise<Figure[]> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NotAvailable) return [unavailable(key, label, error.message, target)];
    throw error;
  }
}
