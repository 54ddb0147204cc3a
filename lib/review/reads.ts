import 'server-only';
import type { SessionUser } from '@/lib/auth/session-user';
import { db } from '@/lib/db/client';
import { matchesOfOutputs } from '@/lib/hash-lists/matches';
import { consoleLogger } from '@/lib/log';
import type { MediaGateView } from '@/lib/media/api';
import { gateView } from '@/lib/media/serve';
import { gatePolicy, scanThresholds } from '@/lib/moderation/config';
import { decideGate } from '@/lib/moderation/gating';
import { loadPreferences } from '@/lib/moderation/preferences-store';
import { bySeverity, interpretJob, type JobEvidence, type OutputRisk } from '@/lib/moderation/read-model';
import { findRevealGrants } from '@/lib/moderation/reveal';
import { toWorkflowEvidence, type WorkflowEvidence } from '@/lib/moderation/workflow-evidence';
import type { CallContext } from '@/lib/orchestrator/client';
import { isBlobId } from '@/lib/orchestrator/ids';
import { readJob, readWorkflow } from '@/lib/orchestrator/upstream-reads';
import { indexedOutputs, indexWorkflows } from '@/lib/risk-index/store';
import { watchOnBehalf } from '@/lib/risk-index/watch';
import { runningOutputHasher } from '@/lib/similar/console-hasher';

/** One job with its scan evidence read against the thresholds in force. */
export async function readJobEvidence(jobId: string, ctx: CallContext): Promise<JobEvidence> {
  return interpretJob(await readJob(jobId, ctx), scanThresholds());
}

/**
 * A workflow as one reviewer sees it: the drill-down read fresh, the read model over it, the gate decided for this
 * reviewer, and the risk index refreshed from the same read (a fresh read always wins over the index).
 */
export async function readWorkflowEvidence(user: SessionUser, workflowId: string, ctx: CallContext): Promise<WorkflowEvidence> {
  const [drillDown, preferences] = await Promise.all([readWorkflow(workflowId, ctx), loadPreferences(user)]);
  const hashMatches = await matchesOfOutputs(await db(), drillDown.workflow.media.map((item) => item.blobId));
  const evidence = toWorkflowEvidence(drillDown, scanThresholds(), { role: user.role, preferences }, gatePolicy(), hashMatches);
  await Promise.all([refreshIndex(evidence), watchOnBehalf(drillDown.workflow.ownerId, user.id, 'opened')]);
  return evidence;
}

/**
 * Rewrites the workflow's index rows from this read. A drill-down whose job lookups failed says nothing new about
 * those outputs, so it leaves the rows as they were rather than overwrite evidence with a gap.
 */
async function refreshIndex(evidence: WorkflowEvidence): Promise<void> {
  if (evidence.jobs.some((row) => row.error !== null)) return;
  try {
    await indexWorkflows([{ workflow: evidence.workflow, outputs: evidence.blobs.map((row) => row.risk) }], 'drilldown');
    runningOutputHasher()?.enqueue(evidence.blobs.map(({ risk }) => ({ blobId: risk.blobId, mediaType: risk.mediaType, available: risk.available })));
  } catch (error) {
    consoleLogger('warn', 'risk_index.refresh_failed', { error: error instanceof Error ? error.name : 'unknown' });
  }
}

/** Index rows younger than this serve the gates endpoint without an upstream read (a drill-down writes them). */
const INDEX_FRESH_MS = 2 * 60_000;

async function freshIndexedOutputs(workflowId: string): Promise<OutputRisk[] | null> {
  try {
    const indexed = await indexedOutputs(workflowId, scanThresholds());
    return indexed && Date.now() - indexed.indexedAt.getTime() < INDEX_FRESH_MS ? indexed.outputs : null;
  } catch {
    return null;
  }
}

/**
 * GET /api/media/gates?workflowId=…: the gate of every output of one workflow for this reviewer. From the index
 * when the workflow was read in the last minutes (the page's own drill-down wrote it), else from a fresh drill-down.
 * These tiers only tell tiles what to ask for; every byte request decides again from fresh reads.
 */
export async function workflowGates(user: SessionUser, workflowId: string, ctx: CallContext): Promise<MediaGateView[]> {
  const outputs = (await freshIndexedOutputs(workflowId)) ?? (await readWorkflowEvidence(user, workflowId, ctx)).blobs.map((row) => row.risk);
  return gateViews(user, outputs);
}

/** The gate of each output for this reviewer: tier, what a reveal needs, and the reviewer's live reveal. */
export async function gateViews(user: SessionUser, outputs: readonly OutputRisk[]): Promise<MediaGateView[]> {
  // Worst first: the order the queue and the workflow page show outputs in.
  const placed = outputs.filter((output) => isBlobId(output.blobId)).sort(bySeverity);
  const [preferences, grants] = await Promise.all([loadPreferences(user), findRevealGrants(user, placed.map((output) => output.blobId))]);
  const policy = gatePolicy();
  const now = new Date();
  return placed.map((output) => {
    const decision = decideGate(output, { role: user.role, preferences }, policy);
    return gateView(output, decision, { userId: user.id, now }, grants.get(output.blobId) ?? null, preferences);
  });
}
