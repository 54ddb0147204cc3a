import 'server-only';
import pLimit from 'p-limit';
import type { HashListMatch } from '@/lib/hash-lists/match-facts';
import { consoleLogger } from '@/lib/log';
import { readOutputs, type OutputRisk } from '@/lib/moderation/read-model';
import type { CsamThresholds } from '@/lib/moderation/scan';
import { probeBlob } from '@/lib/orchestrator/blobs';
import { TtlCache } from '@/lib/orchestrator/cache';
import type { CallContext, OrchestratorClient } from '@/lib/orchestrator/client';
import { toConsoleError } from '@/lib/orchestrator/errors';
import { isJobId } from '@/lib/orchestrator/ids';
import { getJob } from '@/lib/orchestrator/jobs';
import type { JobDetail, MediaType, Workflow } from '@/lib/orchestrator/types';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import { allSteps } from '@/lib/orchestrator/workflow-steps';

/**
 * Where a blob belongs, decided by the server alone: blob → job → workflow from the risk index (else a workflow id
 * the browser hinted at, which counts only once the workflow is read and lists the blob), then the output's facts
 * from fresh upstream reads through the read model. A blob nobody can place, or whose job's scan cannot be read,
 * has no scan: the gate hard-gates it (tier 3). Nothing the browser sends can lower a tier.
 */

/** What the upstream says of a blob: kept a few seconds (see FACTS_TTL_MS). */
interface UpstreamFacts extends Pick<OutputRisk, 'nsfwLevel' | 'blockedReason' | 'available' | 'scan' | 'scanMissing'> {
  blobId: string;
  /** The workflow the server placed the blob in; null when unplaced. */
  workflowId: string | null;
  jobId: string | null;
  mediaType: MediaType;
}

/** The upstream's facts and the blob's hash-list matches, read on every request (a new match gates at once). */
export interface PlacedFacts extends UpstreamFacts, Pick<OutputRisk, 'hashMatches'> {}

export interface PlacementSources {
  client: OrchestratorClient;
  thresholds: CsamThresholds;
  /** The risk index's blob → workflow lookup; null when the index has not seen the blob. */
  placeBlob: (blobId: string) => Promise<{ workflowId: string } | null>;
  /** The blob's stored hash-list matches (lib/hash-lists). */
  hashMatches: (blobId: string) => Promise<HashListMatch[]>;
  /** Recent answers (see {@link createPlacementCache}); none: always ask. */
  cache?: TtlCache;
}

/** Long enough to serve a gallery and its range requests from one lookup; bytes are never kept. */
const FACTS_TTL_MS = 30_000;
/** Jobs of one step read at once when a blob names no job and the index does not know it. */
const STEP_JOBS_AT_ONCE = 4;
const MAX_STEP_JOBS = 50;

/** A bounded memory of placed facts: counts and sizes only, no media. */
export function createPlacementCache(): TtlCache {
  return new TtlCache(5_000, 5 * 1024 * 1024, Date.now);
}

function rethrowAbort(error: unknown): void {
  if (toConsoleError(error).kind === 'aborted') throw error;
}

/** The jobs the output may belong to, read fresh; a failed read is recorded as null (no evidence). */
async function readCandidateJobs(sources: PlacementSources, workflow: Workflow, blobId: string, ctx?: CallContext): Promise<Map<string, JobDetail | null>> {
  const item = workflow.media.find((media) => media.blobId === blobId)!;
  const step = allSteps(workflow).find((candidate) => candidate.name === item.stepName);
  const jobIds = item.jobId ? [item.jobId] : (step?.jobs.map((job) => job.id) ?? []).slice(0, MAX_STEP_JOBS);
  const limit = pLimit(STEP_JOBS_AT_ONCE);
  const entries = await Promise.all(
    jobIds.map((jobId) =>
      limit(async (): Promise<[string, JobDetail | null]> => {
        if (!isJobId(jobId)) return [jobId, null];
        try {
          return [jobId, await getJob(sources.client, jobId, ctx)];
        } catch (error) {
          rethrowAbort(error);
          return [jobId, null];
        }
      }),
    ),
  );
  return new Map(entries);
}

async function factsInWorkflow(sources: PlacementSources, blobId: string, workflowId: string, ctx?: CallContext): Promise<UpstreamFacts | null> {
  let workflow: Workflow;
  try {
    workflow = await getWorkflow(sources.client, workflowId, ctx);
  } catch (error) {
    rethrowAbort(error);
    return null;
  }
  // Naming a workflow that does not list the blob places nothing: a clean workflow cannot launder another's blob.
  if (!workflow.media.some((media) => media.blobId === blobId)) return null;
  const jobs = await readCandidateJobs(sources, workflow, blobId, ctx);
  const output = readOutputs(workflow, jobs, sources.thresholds).find((candidate) => candidate.blobId === blobId)!;
  return {
    blobId,
    workflowId: workflow.id,
    jobId: output.jobId,
    mediaType: output.mediaType,
    nsfwLevel: output.nsfwLevel,
    blockedReason: output.blockedReason,
    available: output.available,
    scan: output.scan,
    scanMissing: output.scanMissing,
  };
}

/** A blob no workflow could be found for: what its redirect says, and no scan (tier 3). */
async function unplaced(sources: PlacementSources, blobId: string, ctx?: CallContext): Promise<UpstreamFacts> {
  const facts: UpstreamFacts = {
    blobId,
    workflowId: null,
    jobId: null,
    mediaType: 'unknown',
    nsfwLevel: 'unscanned',
    blockedReason: null,
    available: 'unknown',
    scan: null,
    scanMissing: 'The output could not be placed in a workflow and job',
  };
  try {
    const probe = await probeBlob(sources.client, blobId, null, ctx);
    return {
      ...facts,
      blockedReason: probe.visibility === 'blocked' ? 'Withheld by upstream moderation' : null,
      available: probe.visibility !== 'unavailable',
    };
  } catch (error) {
    rethrowAbort(error);
    return facts;
  }
}

async function indexedWorkflowOf(sources: PlacementSources, blobId: string): Promise<string | null> {
  try {
    return (await sources.placeBlob(blobId))?.workflowId ?? null;
  } catch (error) {
    // The index is an accelerator: without it the hint (verified) or "unplaced" remain, never a lower tier.
    consoleLogger('warn', 'risk_index.place_failed', { error: error instanceof Error ? error.name : 'unknown' });
    return null;
  }
}

/**
 * The gate's facts for one blob. `hintWorkflowId` (from the browser) is tried only after the index, and only
 * counts when that workflow lists the blob. The hash-list matches are read fresh every time.
 */
export async function placeAndRead(
  sources: PlacementSources,
  blobId: string,
  hintWorkflowId: string | null,
  ctx?: CallContext,
): Promise<PlacedFacts> {
  // A failed match lookup fails the request: no bytes rather than bytes of an output that may be on a list.
  const [facts, hashMatches] = await Promise.all([upstreamFacts(sources, blobId, hintWorkflowId, ctx), sources.hashMatches(blobId)]);
  return { ...facts, hashMatches };
}

async function upstreamFacts(sources: PlacementSources, blobId: string, hintWorkflowId: string | null, ctx?: CallContext): Promise<UpstreamFacts> {
  const cached = sources.cache?.get(blobId) as UpstreamFacts | undefined;
  if (cached) return cached;
  const indexed = await indexedWorkflowOf(sources, blobId);
  const candidates = [...new Set([indexed, hintWorkflowId].filter((id): id is string => id !== null))];
  let facts: UpstreamFacts | null = null;
  for (const workflowId of candidates) {
    facts = await factsInWorkflow(sources, blobId, workflowId, ctx);
    if (facts) break;
  }
  facts ??= await unplaced(sources, blobId, ctx);
  // Only complete answers are kept: a failed part is asked again on the next request.
  if (facts.scan !== null && facts.available !== 'unknown') sources.cache?.set(blobId, facts, FACTS_TTL_MS, 2_048);
  return facts;
}
