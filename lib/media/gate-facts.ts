import 'server-only';
import type { MediaGateFacts } from '@/lib/moderation/gating';
import { parseNsfwLevel, type CsamThresholds } from '@/lib/moderation/scan';
import { TtlCache } from '@/lib/orchestrator/cache';
import type { CallContext, OrchestratorClient } from '@/lib/orchestrator/client';
import { probeBlob } from '@/lib/orchestrator/blobs';
import { toOrchestratorError } from '@/lib/orchestrator/errors';
import { isJobId } from '@/lib/orchestrator/ids';
import { getJob } from '@/lib/orchestrator/jobs';
import type { MediaType } from '@/lib/orchestrator/types';
import { getWorkflow } from '@/lib/orchestrator/workflows';

/**
 * What the gate needs to know about one blob, from the Orchestration API. With the workflow it belongs to, the
 * facts are the workflow's own record of the blob (level, block, availability) plus its job's scan evidence. The
 * blob must be listed in that workflow: naming a clean workflow cannot launder another workflow's blob. Without a
 * workflow (or when it cannot be read) only the blob endpoint's redirect is known, and with no scan evidence the
 * gate keeps the blob at tier 2 or above. Any failed lookup leaves its part unknown, never safe.
 */

export interface BlobGateFacts extends MediaGateFacts {
  blobId: string;
  workflowId: string | null;
  jobId: string | null;
  mediaType: MediaType;
}

export interface GateFactSources {
  client: OrchestratorClient;
  thresholds: CsamThresholds;
  /** Recent answers (see {@link createGateFactCache}); none: always ask. */
  cache?: TtlCache;
}

/** A few seconds is enough to serve a gallery and its range requests from one lookup; bytes are never kept. */
const FACTS_TTL_MS = 30_000;

/** A bounded memory of gate facts: counts and sizes only, no media. */
export function createGateFactCache(): TtlCache {
  return new TtlCache(5_000, 5 * 1024 * 1024, Date.now);
}

async function fromWorkflow(
  sources: GateFactSources,
  blobId: string,
  workflowId: string,
  ctx?: CallContext,
): Promise<BlobGateFacts | null> {
  const workflow = await getWorkflow(sources.client, workflowId, ctx);
  const item = workflow.media.find((media) => media.blobId === blobId);
  if (!item) return null;
  let scan: MediaGateFacts['scan'] = null;
  if (item.jobId && isJobId(item.jobId)) {
    try {
      scan = (await getJob(sources.client, item.jobId, sources.thresholds, ctx)).scan;
    } catch (error) {
      if (toOrchestratorError(error).kind === 'aborted') throw error;
    }
  }
  return {
    blobId,
    workflowId,
    jobId: item.jobId,
    mediaType: item.mediaType,
    nsfwLevel: parseNsfwLevel(item.nsfwLevel),
    blockedReason: item.blockedReason,
    available: item.available,
    scan,
  };
}

async function fromProbe(sources: GateFactSources, blobId: string, ctx?: CallContext): Promise<BlobGateFacts> {
  const unknown: BlobGateFacts = {
    blobId,
    workflowId: null,
    jobId: null,
    mediaType: 'unknown',
    nsfwLevel: 'unscanned',
    blockedReason: null,
    available: 'unknown',
    scan: null,
  };
  try {
    const probe = await probeBlob(sources.client, blobId, null, ctx);
    return {
      ...unknown,
      nsfwLevel: parseNsfwLevel(probe.nsfwLevel),
      // The redirect says "withheld" but not why: a block of unknown kind.
      blockedReason: probe.visibility === 'blocked' ? 'Withheld by upstream moderation' : null,
      available: probe.visibility === 'unavailable' ? false : true,
    };
  } catch (error) {
    if (toOrchestratorError(error).kind === 'aborted') throw error;
    return unknown;
  }
}

export async function loadGateFacts(
  sources: GateFactSources,
  blobId: string,
  workflowId: string | null,
  ctx?: CallContext,
): Promise<BlobGateFacts> {
  const key = `${workflowId ?? '-'}|${blobId}`;
  const cached = sources.cache?.get(key) as BlobGateFacts | undefined;
  if (cached) return cached;
  let facts: BlobGateFacts | null = null;
  if (workflowId) {
    try {
      facts = await fromWorkflow(sources, blobId, workflowId, ctx);
    } catch (error) {
      if (toOrchestratorError(error).kind === 'aborted') throw error;
    }
  }
  facts ??= await fromProbe(sources, blobId, ctx);
  // Only complete answers are kept: a failed part is asked again on the next request.
  const complete = facts.scan !== null || (workflowId === null && facts.available !== 'unknown');
  if (complete) sources.cache?.set(key, facts, FACTS_TTL_MS, 2_048);
  return facts;
}
