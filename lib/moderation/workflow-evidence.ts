/**
 * A drill-down as a reviewer sees it: every job with its scan evidence, every output with its own score and the
 * gate's decision for this viewer, and the workflow's summary. Pure: the workflow route, the page and the queue
 * build it from one drill-down, so they cannot disagree.
 */

import type { BlobRow, JobRow, MediaItem, WorkflowDrillDown } from '@/lib/orchestrator/types';
import { decideGate, type GatePolicy, type GateTier, type GateViewer, type RevealRequirement } from './gating';
import { interpretJob, readDrillDown, type HashMatchLookups, type JobEvidence, type OutputRisk, type WorkflowRiskSummary } from './read-model';
import type { CsamThresholds } from './scan';

/** What a blob tile needs to know about the gate: decided on the server, handed to the page as plain data. */
export interface TileGate {
  tier: GateTier;
  revealRequires: RevealRequirement;
  available: boolean;
  reasons: string[];
}

export interface JobEvidenceRow extends Omit<JobRow, 'detail'> {
  detail: JobEvidence | null;
}

export interface OutputEvidenceRow extends BlobRow {
  /** This output's own CSAM percent (not its job's worst), or null. */
  csamPercent: number | null;
  /** The gate tier for the reviewer who asked. */
  tier: GateTier;
  risk: OutputRisk;
  gate: TileGate;
}

export interface WorkflowEvidence extends Omit<WorkflowDrillDown, 'jobs' | 'blobs'> {
  jobs: JobEvidenceRow[];
  /** One row per output, in the workflow's order. */
  blobs: OutputEvidenceRow[];
  risk: WorkflowRiskSummary;
}

/** An indexed output as a tile shows it (no probe, no size): what a tile of a blob placed by the index needs. */
export function mediaItemOf(risk: OutputRisk): MediaItem {
  return {
    blobId: risk.blobId,
    mediaType: risk.mediaType,
    available: risk.available !== false,
    nsfwLevel: risk.nsfwLevel === 'unscanned' ? null : risk.nsfwLevel,
    blockedReason: risk.blockedReason,
    jobId: risk.jobId,
    width: null,
    height: null,
    stepName: risk.stepName,
  };
}

export function tileGate(risk: OutputRisk, viewer: GateViewer, policy: GatePolicy): TileGate {
  const decision = decideGate(risk, viewer, policy);
  return { tier: decision.tier, revealRequires: decision.revealRequires, available: decision.available, reasons: decision.reasons };
}

export function toWorkflowEvidence(
  drillDown: WorkflowDrillDown,
  thresholds: CsamThresholds,
  viewer: GateViewer,
  policy: GatePolicy,
  hashMatches: HashMatchLookups,
): WorkflowEvidence {
  const { outputs, summary } = readDrillDown(drillDown, thresholds, hashMatches);
  const probes = new Map(drillDown.blobs.map((row) => [row.blobId, row]));
  return {
    ...drillDown,
    jobs: drillDown.jobs.map((row) => ({ ...row, detail: row.detail ? interpretJob(row.detail, thresholds) : null })),
    blobs: outputs.map((risk) => {
      const gate = tileGate(risk, viewer, policy);
      const probe = probes.get(risk.blobId) ?? { blobId: risk.blobId, stepName: risk.stepName, jobId: risk.jobId, probe: null, error: null };
      return { ...probe, jobId: risk.jobId, csamPercent: risk.scan?.csamPercent ?? null, tier: gate.tier, risk, gate };
    }),
    risk: summary,
  };
}
