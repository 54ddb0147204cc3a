/**
 * The moderation read model: what a workflow and its jobs, as the wire layer returns them, mean per output. One
 * function answers every screen, the media gate, the queue, the risk index and the evidence export, so an output's
 * score means the same thing everywhere.
 *
 * Per output, not per job: a job's `hive_csam_score` carries one value per output ("3.12 %, 61.50 %"), and the
 * output at 3.12 % is not "above" because its sibling is. An output whose job could not be read, or that cannot be
 * placed in a job, has no scan (`scan: null`); the gate hard-gates it. Pure: no I/O, no policy tiers.
 */

import { parseBlockedReason } from '@/lib/orchestrator/blocked-reason';
import type { BlobProbe, JobDetail, MediaType, Workflow, WorkflowDrillDown } from '@/lib/orchestrator/types';
import { allSteps } from '@/lib/orchestrator/workflow-steps';
import type { HashListMatch } from '@/lib/hash-lists/match-facts';
import { bandRisk, interpretScan, parseNsfwLevel, worstBand, type CsamThresholds, type RatedLevel, type ScanEvidence, type ScoreBand } from './scan';

/** A job's detail with its scan evidence read against the thresholds in force. */
export interface JobEvidence extends JobDetail {
  scan: ScanEvidence;
}

export function interpretJob(detail: JobDetail, thresholds: CsamThresholds): JobEvidence {
  return {
    ...detail,
    scan: interpretScan({ context: detail.context, promptClassificationResult: detail.promptClassification }, thresholds),
  };
}

/** What its job's scan says about one output. */
export interface OutputScan {
  /** This output's own token of `hive_csam_score` (e.g. "61.50 %"), or the job's raw value when it is job-wide. */
  csamRaw: string | null;
  /** Percent 0-100; null when missing or unreadable. */
  csamPercent: number | null;
  csamBand: ScoreBand;
  /**
   * `output`: one score per output and this is this output's. `job`: the job's scores could not be matched to its
   * outputs one to one (one value for several outputs, or a count that differs), so the job's worst stands for each.
   */
  csamScope: 'output' | 'job';
  /** `hive_vlm_summary` tokens (job-wide: the contract does not say they are per output). */
  vlm: string[];
  /** VLM tokens that name a child ("Child", "Possible_Child"; never "No_Child"). */
  childFindings: string[];
  promptFlags: string[];
  /** The job scan's own block and rating. */
  blockedReason: string | null;
  nsfwLevel: RatedLevel | 'unscanned';
  /** False when this output's CSAM score is missing or unreadable. */
  readable: boolean;
}

/** One output as moderation sees it: where it sits, what the upstream says of it, and its own scan. */
export interface OutputRisk {
  blobId: string;
  workflowId: string;
  jobId: string | null;
  stepName: string;
  /** Its index among its job's outputs; null when unplaced. */
  position: number | null;
  mediaType: MediaType;
  /** `unknown` when the blob could not be probed. */
  available: boolean | 'unknown';
  /** The blob's own level (workflow output, else the probe's x-nsfw-level). */
  nsfwLevel: RatedLevel | 'unscanned';
  blockedReason: string | null;
  /** Null when its job could not be read or it could not be placed in a job: the gate hard-gates it. */
  scan: OutputScan | null;
  /** Why `scan` is null, in the moderator's words. */
  scanMissing: string | null;
  /** The output's CSAM band (`unknown` without a readable score). */
  band: ScoreBand;
  /** Imported hash-list entries its PDQ hash matches (lib/hash-lists), nearest first: each hard-gates it. */
  hashMatches: HashListMatch[];
}

export type BandCounts = Record<ScoreBand, number>;

export interface WorkflowRiskSummary {
  /** Worst band over the outputs; null when the workflow has no outputs. */
  worstBand: ScoreBand | null;
  /** Highest readable CSAM percent over the outputs. */
  worstPercent: number | null;
  counts: BandCounts;
}

export interface WorkflowRisk {
  outputs: OutputRisk[];
  summary: WorkflowRiskSummary;
}

/** A job as the read model needs it: its detail, or null when the lookup failed. */
export type JobLookups = ReadonlyMap<string, JobDetail | null>;

const CHILD_FINDING = /child|minor|underage/i;
const NEGATED_FINDING = /^(no|not|non)[_\s-]/i;

function childFindings(tokens: readonly string[]): string[] {
  return tokens.filter((token) => CHILD_FINDING.test(token) && !NEGATED_FINDING.test(token));
}

const WITHHELD = 'Withheld by upstream moderation';

/** One output's share of its job's scan: its own score when the job reports one per output, else the job's worst. */
export function scanOfOutput(scan: ScanEvidence, position: number, outputCount: number): OutputScan {
  const { csam } = scan;
  const tokens = csam.raw?.split(',').map((token) => token.trim()) ?? [];
  const perOutput = csam.values.length === outputCount && position < outputCount;
  let percent: number | null;
  let band: ScoreBand;
  if (perOutput) {
    percent = csam.values[position] ?? null;
    band = csam.bands[position] ?? 'unknown';
  } else {
    const readable = csam.values.filter((value): value is number => value !== null);
    // A job-wide score: the worst reading stands for every output, so none is understated.
    band = csam.worst;
    percent = band === 'unknown' || readable.length === 0 ? null : Math.max(...readable);
  }
  return {
    csamRaw: perOutput ? (tokens[position] ?? null) : csam.raw,
    csamPercent: percent,
    csamBand: band,
    csamScope: perOutput ? 'output' : 'job',
    vlm: scan.vlm.tokens,
    childFindings: childFindings(scan.vlm.tokens),
    promptFlags: scan.promptFlags.flagged,
    blockedReason: scan.blockedReason,
    nsfwLevel: scan.nsfwLevel,
    readable: band !== 'unknown',
  };
}

/** Which job an output belongs to: its own `jobId`, else the job that lists it, else its step's only job. */
function placeOutput(
  blobId: string,
  declaredJobId: string | null,
  stepJobIds: readonly string[],
  jobs: JobLookups,
): string | null {
  if (declaredJobId) return declaredJobId;
  for (const jobId of stepJobIds) if (jobs.get(jobId)?.outputs.some((output) => output.blobKey === blobId)) return jobId;
  return stepJobIds.length === 1 ? stepJobIds[0]! : null;
}

/** Each output's hash-list matches (lib/hash-lists matchesOfOutputs); outputs without any are absent. */
export type HashMatchLookups = ReadonlyMap<string, HashListMatch[]>;

const NO_MATCHES: HashMatchLookups = new Map();

/**
 * Every output of a workflow with its own facts. `probes` (from a drill-down) add what the blob endpoint says; without
 * them availability is what the workflow says. `hashMatches`: the stored matches of its outputs (none given: none).
 */
export function readOutputs(
  workflow: Workflow,
  jobs: JobLookups,
  thresholds: CsamThresholds,
  probes: ReadonlyMap<string, BlobProbe | null> | null = null,
  hashMatches: HashMatchLookups = NO_MATCHES,
): OutputRisk[] {
  const stepJobs = new Map(allSteps(workflow).map((step) => [step.name, step.jobs.map((job) => job.id)]));
  const scans = new Map<string, ScanEvidence>();
  const scanOf = (jobId: string, detail: JobDetail) => {
    let scan = scans.get(jobId);
    if (!scan) scans.set(jobId, (scan = interpretJob(detail, thresholds).scan));
    return scan;
  };
  const placed = workflow.media.map((item) => ({
    item,
    jobId: placeOutput(item.blobId, item.jobId, stepJobs.get(item.stepName) ?? [], jobs),
  }));

  return placed.map(({ item, jobId }) => {
    const probe = probes ? (probes.get(item.blobId) ?? null) : undefined;
    let available: boolean | 'unknown' = item.available;
    if (available && probe !== undefined) available = probe === null ? 'unknown' : probe.visibility !== 'unavailable';
    const base = {
      blobId: item.blobId,
      workflowId: workflow.id,
      jobId,
      stepName: item.stepName,
      mediaType: item.mediaType,
      available,
      nsfwLevel: parseNsfwLevel(item.nsfwLevel ?? probe?.nsfwLevel),
      blockedReason: parseBlockedReason(item.blockedReason) ?? (probe?.visibility === 'blocked' ? WITHHELD : null),
      hashMatches: hashMatches.get(item.blobId) ?? [],
    };
    const detail = jobId ? jobs.get(jobId) : undefined;
    if (!jobId || detail === undefined || detail === null) {
      const scanMissing = !jobId
        ? 'The output could not be placed in a job'
        : detail === null
          ? 'Scan evidence unavailable: the job could not be read'
          : 'Scan evidence unavailable: the job was not read';
      return { ...base, position: null, scan: null, scanMissing, band: 'unknown' };
    }
    const siblings = placed.filter((other) => other.jobId === jobId).map((other) => other.item.blobId);
    const listed = detail.outputs.findIndex((output) => output.blobKey === item.blobId);
    const position = listed >= 0 ? listed : siblings.indexOf(item.blobId);
    const outputCount = listed >= 0 ? detail.outputs.length : siblings.length;
    const scan = scanOfOutput(scanOf(jobId, detail), position, outputCount);
    return { ...base, position, scan, scanMissing: null, band: scan.csamBand };
  });
}

export function emptyBandCounts(): BandCounts {
  return { below: 0, near: 0, unknown: 0, above: 0 };
}

export function summariseOutputs(outputs: readonly OutputRisk[]): WorkflowRiskSummary {
  const counts = emptyBandCounts();
  for (const output of outputs) counts[output.band] += 1;
  const percents = outputs.map((output) => output.scan?.csamPercent).filter((value): value is number => typeof value === 'number');
  return {
    worstBand: outputs.length ? worstBand(outputs.map((output) => output.band)) : null,
    worstPercent: percents.length ? Math.max(...percents) : null,
    counts,
  };
}

/** The read model of a drill-down: its jobs (failed lookups as null), blob probes and its outputs' hash-list matches. */
export function readDrillDown(drillDown: WorkflowDrillDown, thresholds: CsamThresholds, hashMatches: HashMatchLookups = NO_MATCHES): WorkflowRisk {
  const jobs = new Map(drillDown.jobs.map((row) => [row.jobId, row.detail]));
  const probes = new Map(drillDown.blobs.map((row) => [row.blobId, row.probe]));
  const outputs = readOutputs(drillDown.workflow, jobs, thresholds, probes, hashMatches);
  return { outputs, summary: summariseOutputs(outputs) };
}

/** Worst first: band, then score; the order tiles and queue evidence are shown in. */
export function bySeverity(a: OutputRisk, b: OutputRisk): number {
  return bandRisk(b.band) - bandRisk(a.band) || (b.scan?.csamPercent ?? -1) - (a.scan?.csamPercent ?? -1);
}

/** A workflow's risk as lists show it: `pending` until the index has read it, `unscanned` when an output has no readable score. */
export type ListRiskBand = 'below' | 'near' | 'above' | 'unscanned' | 'pending';

export interface ListRisk {
  band: ListRiskBand;
  csamPercent: number | null;
}

/** What the index keeps of a workflow's risk: facts, from which the band is derived with the thresholds in force. */
export interface IndexedRiskFacts {
  worstCsam: number | null;
  unreadableOutputs: number;
}

/** The same ranking as {@link worstBand}: above, then unreadable, then near. lib/risk-index's SQL mirrors it. */
export function listRisk(facts: IndexedRiskFacts | null | undefined, thresholds: CsamThresholds): ListRisk {
  if (!facts) return { band: 'pending', csamPercent: null };
  const percent = facts.worstCsam;
  let band: ListRiskBand = 'below';
  if (percent !== null && percent >= thresholds.above) band = 'above';
  else if (facts.unreadableOutputs > 0) band = 'unscanned';
  else if (percent !== null && percent >= thresholds.near) band = 'near';
  return { band, csamPercent: percent };
}

/** The facts the index stores for a workflow, from its outputs. */
export function riskFacts(outputs: readonly OutputRisk[]): IndexedRiskFacts {
  const { worstPercent, counts } = summariseOutputs(outputs);
  return { worstCsam: worstPercent, unreadableOutputs: counts.unknown };
}
