import type { BandCounts, ListRisk } from '@/lib/moderation/read-model';
import { emptyBandCounts } from '@/lib/moderation/read-model';
import { parseNsfwLevel, scoreBand, RATED_LEVELS, type CsamThresholds, type ScoreBand } from '@/lib/moderation/scan';
import type { WorkflowStatus } from '@/lib/orchestrator/schemas';

/**
 * A user's risk overview from what the risk index holds: grouped counts come from SQL, and this pure module turns
 * them into bands (the one `scoreBand`), histogram bins and level counts, so tests can check every number.
 */

export interface HistogramBin {
  /** Inclusive lower edge, percent. */
  from: number;
  /** Exclusive upper edge (the last bin includes 100). */
  to: number;
  label: string;
  band: ScoreBand;
  count: number;
}

/** Outputs with the same stored score: `percent` null when the score could not be read (never safe). */
export interface ScoreGroup {
  percent: number | null;
  count: number;
}

export interface RiskyWorkflow {
  id: string;
  createdAt: string;
  status: WorkflowStatus;
  outputCount: number;
  risk: ListRisk;
}

export interface UserRisk {
  userId: string;
  /** Workflows the index holds for this user; 0 when it has not seen them yet. */
  workflowCount: number;
  outputCount: number;
  byStatus: { status: string; count: number }[];
  /** Output counts per NSFW level, most mature last; `unrated` covers na, missing and unreadable levels. */
  byLevel: { level: string; count: number }[];
  /** Outputs per CSAM band, from their stored percents and the thresholds in force. */
  bands: BandCounts;
  histogram: HistogramBin[];
  riskiest: RiskyWorkflow[];
  tags: { tag: string; count: number }[];
  firstActivity: string | null;
  lastActivity: string | null;
  /** When the index last wrote one of this user's workflows. */
  lastIndexedAt: string | null;
}

const LEVEL_ORDER = [...RATED_LEVELS, 'unrated'] as const;
export const TOP_RISKY_WORKFLOWS = 20;
export const TOP_TAGS = 60;

/** Bin edges that fall on the thresholds, finer where scores cluster (near zero). */
export function histogramEdges(thresholds: CsamThresholds): number[] {
  const edges = [0, 1, thresholds.near / 2, thresholds.near, (thresholds.near + thresholds.above) / 2, thresholds.above, (thresholds.above + 100) / 2, 100];
  return [...new Set(edges.map((edge) => Math.round(edge * 100) / 100))].filter((edge) => edge >= 0 && edge <= 100).sort((a, b) => a - b);
}

function formatEdge(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Bins and band counts from outputs grouped by stored score; each output's band is `scoreBand` of its percent. */
export function scoreDistribution(groups: readonly ScoreGroup[], thresholds: CsamThresholds): { histogram: HistogramBin[]; bands: BandCounts } {
  const edges = histogramEdges(thresholds);
  const histogram: HistogramBin[] = edges.slice(0, -1).map((from, index) => ({
    from,
    to: edges[index + 1]!,
    label: `${formatEdge(from)}–${formatEdge(edges[index + 1]!)} %`,
    band: scoreBand(from, thresholds),
    count: 0,
  }));
  const bands = emptyBandCounts();
  for (const { percent, count } of groups) {
    const band = scoreBand(percent, thresholds);
    bands[band] += count;
    if (band === 'unknown' || percent === null) continue;
    const bin = histogram.findLast((candidate) => percent >= candidate.from) ?? histogram[0]!;
    bin.count += count;
  }
  return { histogram, bands };
}

/** Output counts per stored NSFW level, in the order of maturity; unknown levels count as `unrated`. */
export function levelCounts(groups: readonly { level: string | null; count: number }[]): { level: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const { level, count } of groups) {
    const parsed = parseNsfwLevel(level);
    const key = parsed === 'unscanned' ? 'unrated' : parsed;
    counts.set(key, (counts.get(key) ?? 0) + count);
  }
  return LEVEL_ORDER.filter((level) => counts.has(level)).map((level) => ({ level, count: counts.get(level)! }));
}
