import 'server-only';
import { decideGate, type GatePolicy, type GateTier, type GateViewer, type RevealRequirement } from '@/lib/moderation/gating';
import { parseNsfwLevel, type ScanEvidence } from '@/lib/moderation/scan';
import type { BlobRow, MediaItem, WorkflowDrillDown } from '@/lib/orchestrator/types';

/** What a blob tile needs from the gate: decided on the server, handed to the page as plain data. */
export interface TileGate {
  tier: GateTier;
  revealRequires: RevealRequirement;
  available: boolean;
  reasons: string[];
}

/**
 * The gate's decision for every output of a drill-down, from what the drill-down read: the workflow's record of
 * the blob, the blob probe (a "blocked" redirect is a block of unknown kind; a failed probe leaves availability
 * unknown) and the job's scan evidence (a failed job lookup is no evidence, which the gate never treats as safe).
 */
export function decideTileGates(drillDown: WorkflowDrillDown, viewer: GateViewer, policy: GatePolicy): Record<string, TileGate> {
  const probes = new Map<string, BlobRow>(drillDown.blobs.map((row) => [row.blobId, row]));
  const scans = new Map(drillDown.jobs.map((row) => [row.jobId, row.detail?.scan ?? null]));
  return Object.fromEntries(
    drillDown.workflow.media.map((item) => [item.blobId, decideTile(item, probes.get(item.blobId), scans, viewer, policy)]),
  );
}

function decideTile(
  item: MediaItem,
  row: BlobRow | undefined,
  scans: Map<string, ScanEvidence | null>,
  viewer: GateViewer,
  policy: GatePolicy,
): TileGate {
  const probe = row?.probe ?? null;
  let available: boolean | 'unknown' = probe ? probe.visibility !== 'unavailable' : 'unknown';
  if (!item.available) available = false;
  const decision = decideGate(
    {
      nsfwLevel: parseNsfwLevel(item.nsfwLevel ?? probe?.nsfwLevel),
      blockedReason: item.blockedReason ?? (probe?.visibility === 'blocked' ? 'Withheld by upstream moderation' : null),
      available,
      scan: (item.jobId ? scans.get(item.jobId) : null) ?? null,
    },
    viewer,
    policy,
  );
  return { tier: decision.tier, revealRequires: decision.revealRequires, available: decision.available, reasons: decision.reasons };
}
