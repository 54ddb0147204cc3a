import { parseNsfwLevel, scoreBand, worstBand, NSFW_LEVELS, type CsamThresholds, type ScoreBand } from '@/lib/moderation/scan';
import type { JobEvidence } from '@/lib/moderation/read-model';
import type { Workflow } from '@/lib/orchestrator/types';

/**
 * A user's risk overview from the workflows read so far and the job details fetched for them. Pure, so the screen
 * can recompute it as pages and job scans arrive, and tests can check every count.
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

export interface RiskyJob {
  jobId: string;
  workflowId: string;
  band: ScoreBand;
  /** The highest readable CSAM score of its outputs, percent; null when none could be read. */
  maxScore: number | null;
  rawScore: string | null;
  nsfwLevel: string;
  blockedReason: string | null;
  promptFlags: string[];
}

export interface UserRisk {
  workflowCount: number;
  byStatus: { status: string; count: number }[];
  /** Output counts per NSFW level, most mature last; `unrated` covers na, missing and unreadable levels. */
  byLevel: { level: string; count: number }[];
  histogram: HistogramBin[];
  /** Outputs whose CSAM score could not be read (missing context, junk): never counted as safe. */
  unknownScores: number;
  scannedJobs: number;
  riskiest: RiskyJob[];
  tags: { tag: string; count: number }[];
  firstActivity: string | null;
  lastActivity: string | null;
}

const BAND_RISK: Record<ScoreBand, number> = { below: 0, near: 1, unknown: 2, above: 3 };
const LEVEL_ORDER = [...NSFW_LEVELS, 'unrated'] as const;
export const TOP_RISKY_JOBS = 20;

/** Bin edges that fall on the thresholds, finer where scores cluster (near zero). */
export function histogramEdges(thresholds: CsamThresholds): number[] {
  const edges = [0, 1, thresholds.near / 2, thresholds.near, (thresholds.near + thresholds.above) / 2, thresholds.above, (thresholds.above + 100) / 2, 100];
  return [...new Set(edges.map((edge) => Math.round(edge * 100) / 100))].filter((edge) => edge >= 0 && edge <= 100).sort((a, b) => a - b);
}

function formatEdge(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function countBy<T extends string>(values: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

export function summariseUserRisk(workflows: readonly Workflow[], jobs: ReadonlyMap<string, JobEvidence>, thresholds: CsamThresholds): UserRisk {
  const edges = histogramEdges(thresholds);
  const histogram: HistogramBin[] = edges.slice(0, -1).map((from, index) => ({
    from,
    to: edges[index + 1]!,
    label: `${formatEdge(from)}–${formatEdge(edges[index + 1]!)} %`,
    band: scoreBand(from, thresholds),
    count: 0,
  }));
  let unknownScores = 0;
  const riskiest: RiskyJob[] = [];
  const jobWorkflow = new Map<string, string>();
  for (const workflow of workflows) {
    for (const step of workflow.steps) for (const job of step.jobs) jobWorkflow.set(job.id, workflow.id);
  }

  for (const [jobId, detail] of jobs) {
    const { csam } = detail.scan;
    for (const value of csam.values) {
      if (value === null) {
        unknownScores += 1;
        continue;
      }
      const bin = histogram.findLast((candidate) => value >= candidate.from) ?? histogram[0]!;
      bin.count += 1;
    }
    if (csam.values.length === 0) unknownScores += 1;
    const readable = csam.values.filter((value): value is number => value !== null);
    riskiest.push({
      jobId,
      workflowId: detail.workflowId ?? jobWorkflow.get(jobId) ?? '',
      band: csam.worst,
      maxScore: readable.length ? Math.max(...readable) : null,
      rawScore: csam.raw,
      nsfwLevel: detail.scan.nsfwLevel,
      blockedReason: detail.scan.blockedReason,
      promptFlags: detail.scan.promptFlags.flagged,
    });
  }
  riskiest.sort(
    (a, b) =>
      BAND_RISK[b.band] - BAND_RISK[a.band] ||
      (b.maxScore ?? -1) - (a.maxScore ?? -1) ||
      Number(b.blockedReason !== null) - Number(a.blockedReason !== null) ||
      b.promptFlags.length - a.promptFlags.length,
  );

  const levels = countBy(
    workflows.flatMap((workflow) =>
      workflow.media.map((item) => {
        const level = parseNsfwLevel(item.nsfwLevel);
        return level === 'unscanned' ? 'unrated' : level;
      }),
    ),
  );
  const tags = countBy(workflows.flatMap((workflow) => workflow.tags));
  const created = workflows.map((workflow) => workflow.createdAt).sort();

  return {
    workflowCount: workflows.length,
    byStatus: [...countBy(workflows.map((workflow) => workflow.status))]
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => b.count - a.count),
    byLevel: LEVEL_ORDER.filter((level) => levels.has(level)).map((level) => ({ level, count: levels.get(level)! })),
    histogram,
    unknownScores,
    scannedJobs: jobs.size,
    riskiest: riskiest.slice(0, TOP_RISKY_JOBS),
    tags: [...tags].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
    firstActivity: created[0] ?? null,
    lastActivity: created.at(-1) ?? null,
  };
}

/** The worst band over the whole overview, for the header. */
export function overallBand(risk: UserRisk): ScoreBand | null {
  return risk.riskiest.length ? worstBand(risk.riskiest.map((job) => job.band)) : null;
}
