/**
 * Scan evidence: what a job's `lastEvent.context` and `job.promptClassificationResult` say about its outputs
 * (contract §4.4), turned into values a moderator can read and the gate can act on.
 *
 * Pure and tolerant: the wire formats are pre-formatted strings whose exact shape is only partly known, so every
 * parser keeps the raw value for display and answers "unknown" rather than guessing. Unknown is never safe.
 */

import { parseBlockedReason } from '@/lib/orchestrator/blocked-reason';
import { NSFW_LEVELS, toNsfwLevel, type NsfwLevel } from '@/lib/orchestrator/vocabulary';

/** A level a scan rated, in order of severity: the wire's levels without `na` (not rated), which reads as unscanned. */
export type RatedLevel = Exclude<NsfwLevel, 'na'>;
export const RATED_LEVELS: readonly RatedLevel[] = NSFW_LEVELS.filter((level): level is RatedLevel => level !== 'na');

/**
 * A CSAM score's band against the configured thresholds. `unknown` = missing or unparseable: it must never read as
 * safe, so the gate treats it like `near` (no pixels until a moderator reveals).
 */
export type ScoreBand = 'below' | 'near' | 'above' | 'unknown';

/**
 * Risk order used by {@link worstBand}. `unknown` sits above `near` and below `above`: a missing score is at least as
 * worrying as a near one, but a score we *know* is above the line must not be lowered to "unknown" by a junk neighbour.
 */
const BAND_RISK: Record<ScoreBand, number> = { below: 0, near: 1, unknown: 2, above: 3 };

export interface CsamThresholds {
  /** Percent from which a score is "near" (inclusive). */
  near: number;
  /** Percent from which a score is "above", the hard gate (inclusive). */
  above: number;
}

export interface CsamScores {
  /** The wire value as a string (numbers stringified), or null when the key is missing. */
  raw: string | null;
  /** One percent value per output, in wire order; null where the token could not be read unambiguously. */
  values: (number | null)[];
  bands: ScoreBand[];
  /** The riskiest band; `unknown` when there are no scores at all. */
  worst: ScoreBand;
}

export interface ScanEvidence {
  csam: CsamScores;
  /** `hive_vlm_summary`, e.g. "X, No_Child" → ["X", "No_Child"]. */
  vlm: { raw: string | null; tokens: string[] };
  /** `blocked_reason` (or legacy `blockedReason`); the literal "none" means not blocked. */
  blockedReason: string | null;
  /** The context's `nsfwLevel`; jobs often carry none, and that is `unscanned`, never `pg`. */
  nsfwLevel: RatedLevel | 'unscanned';
  /** Prompt classifier: the names that are truthy, and every key as received. */
  promptFlags: { flagged: string[]; all: Record<string, unknown> };
  /** Every context key with its value as display text. */
  context: Record<string, string>;
  /** False when the context is missing or any CSAM score is missing or unreadable ("scan unavailable"). */
  scanAvailable: boolean;
}

export function scoreBand(percent: number | null, thresholds: CsamThresholds): ScoreBand {
  if (percent === null || !Number.isFinite(percent) || percent < 0 || percent > 100) return 'unknown';
  if (percent >= thresholds.above) return 'above';
  if (percent >= thresholds.near) return 'near';
  return 'below';
}

export function bandRisk(band: ScoreBand): number {
  return BAND_RISK[band];
}

export function worstBand(bands: readonly ScoreBand[]): ScoreBand {
  if (bands.length === 0) return 'unknown';
  return bands.reduce((worst, band) => (BAND_RISK[band] > BAND_RISK[worst] ? band : worst));
}

const PERCENT_TOKEN = /^(\d{1,3}(?:\.\d+)?)\s*%$/;
const BARE_TOKEN = /^\d+(?:\.\d+)?$/;

/**
 * One score token. The wire form is "12.50 %" (percent, 0-100). A bare number without "%" has no stated scale:
 * Hive itself reports fractions 0-1, so "0.9" may mean 0.9 % or 90 %. A bare value is trusted only when every
 * plausible reading lands in the same band ("0", "0.05" with the default thresholds); otherwise ("0.9", "7",
 * "12.5") it is unknown. Negative, over 100 %, NaN and anything else is unknown.
 */
function readToken(token: string, thresholds: CsamThresholds): { value: number | null; band: ScoreBand } {
  const percentMatch = PERCENT_TOKEN.exec(token);
  if (percentMatch) {
    const value = Number(percentMatch[1]);
    const band = scoreBand(value, thresholds);
    return band === 'unknown' ? { value: null, band } : { value, band };
  }
  if (BARE_TOKEN.test(token)) return readBareNumber(Number(token), thresholds);
  return { value: null, band: 'unknown' };
}

function readBareNumber(value: number, thresholds: CsamThresholds): { value: number | null; band: ScoreBand } {
  if (!Number.isFinite(value) || value < 0 || value > 1) return { value: null, band: 'unknown' };
  const asPercent = scoreBand(value, thresholds);
  const asFraction = scoreBand(value * 100, thresholds);
  if (asPercent !== asFraction) return { value: null, band: 'unknown' };
  // Both readings agree on the band; report the larger (fraction) reading so the display never understates.
  return { value: value * 100, band: asFraction };
}

export function parseCsamScores(raw: unknown, thresholds: CsamThresholds): CsamScores {
  if (raw === null || raw === undefined) return { raw: null, values: [], bands: [], worst: 'unknown' };
  if (typeof raw === 'number') {
    const { value, band } = readBareNumber(raw, thresholds);
    return { raw: String(raw), values: [value], bands: [band], worst: band };
  }
  if (typeof raw !== 'string') {
    return { raw: displayValue(raw), values: [null], bands: ['unknown'], worst: 'unknown' };
  }
  const read = raw.split(',').map((token) => readToken(token.trim(), thresholds));
  const bands = read.map((r) => r.band);
  return { raw, values: read.map((r) => r.value), bands, worst: worstBand(bands) };
}

/** Case-insensitive; accepts civitai's "pg-13" alias. `na`, missing, numbers and junk are `unscanned`. */
export function parseNsfwLevel(raw: unknown): RatedLevel | 'unscanned' {
  const level = toNsfwLevel(raw);
  return level === undefined || level === 'na' ? 'unscanned' : level;
}

const FALSY_FLAG_TEXT = new Set(['', 'false', '0', 'no', 'none', 'null', 'off']);

/** The classifier's value types are unknown (contract §4.3); a flag is raised by true, a non-zero number or a "yes"-ish string. */
function isRaisedFlag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) && value !== 0;
  if (typeof value === 'string') return !FALSY_FLAG_TEXT.has(value.trim().toLowerCase());
  return false;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Own enumerable entries only. Results are built with Object.fromEntries (define, not assign), so a key named
 * `__proto__` from JSON.parse stays an ordinary key and cannot change any object's prototype.
 */
function ownEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.keys(value).map((key) => [key, value[key]]);
}

export function parsePromptFlags(raw: unknown): ScanEvidence['promptFlags'] {
  if (!isPlainRecord(raw)) return { flagged: [], all: {} };
  const entries = ownEntries(raw);
  return {
    flagged: entries.filter(([, value]) => isRaisedFlag(value)).map(([key]) => key),
    all: Object.fromEntries(entries),
  };
}

function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

function parseVlmSummary(raw: unknown): ScanEvidence['vlm'] {
  if (raw === null || raw === undefined) return { raw: null, tokens: [] };
  const text = displayValue(raw);
  return {
    raw: text,
    tokens: text
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token !== ''),
  };
}

export function interpretScan(
  input: { context: unknown; promptClassificationResult?: unknown },
  thresholds: CsamThresholds,
): ScanEvidence {
  const context = isPlainRecord(input.context) ? input.context : null;
  const field = (key: string): unknown => (context && Object.hasOwn(context, key) ? context[key] : undefined);
  const csam = parseCsamScores(field('hive_csam_score'), thresholds);
  return {
    csam,
    vlm: parseVlmSummary(field('hive_vlm_summary')),
    blockedReason: parseBlockedReason(field('blocked_reason') ?? field('blockedReason')),
    nsfwLevel: parseNsfwLevel(field('nsfwLevel')),
    promptFlags: parsePromptFlags(input.promptClassificationResult),
    context: context ? Object.fromEntries(ownEntries(context).map(([key, value]) => [key, displayValue(value)])) : {},
    scanAvailable: context !== null && csam.bands.length > 0 && !csam.bands.includes('unknown'),
  };
}
