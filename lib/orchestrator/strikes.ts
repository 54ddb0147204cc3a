import 'server-only';
import type { Upstream } from './writes';
import { upstreamPath, type CallContext, type OrchestratorClient } from './client';
import { OrchestratorError } from './errors';
import { toStrikeGroups } from './reshape';
import { StrikesReviewRequestSchema, StrikesSchema, type StrikesReviewRequest } from './schemas';
import type { StrikeGroup } from './types';

const strikesPath = (userId: string) => upstreamPath`/v1/manager/consumers/flagged/${`civitai-${userId}`}/strikes`;

/** A Civitai user's strikes as a flagged consumer: `GET /v1/manager/consumers/flagged/civitai-{userId}/strikes`. */
export async function getStrikes(client: OrchestratorClient, userId: string, ctx?: CallContext): Promise<StrikeGroup[]> {
  try {
    return toStrikeGroups(await readStrikes(client, userId, ctx));
  } catch (error) {
    // A user who was never flagged has no flagged-consumer record: that is "no strikes", not a failure.
    if (error instanceof OrchestratorError && error.kind === 'not_found') return [];
    throw error;
  }
}

function readStrikes(client: OrchestratorClient, userId: string, ctx?: CallContext) {
  return client.getJson({
    path: strikesPath(userId),
    schema: StrikesSchema,
    what: 'strike list',
    ctx,
    cacheFor: () => 10_000,
  });
}

/**
 * Marks a user's strikes reviewed: `POST …/consumers/flagged/civitai-{userId}/strikes/review` with the moderator's
 * number and notes. A write, so sent once through the writer; the cached strike list is dropped either way.
 */
export async function reviewStrikes(upstream: Upstream, userId: string, review: StrikesReviewRequest): Promise<void> {
  try {
    await upstream.writer.send({
      method: 'POST',
      path: upstreamPath`/v1/manager/consumers/flagged/${`civitai-${userId}`}/strikes/review`,
      body: StrikesReviewRequestSchema.parse(review),
      what: 'strike review',
      signal: upstream.ctx?.signal,
    });
  } finally {
    upstream.reader.invalidate(strikesPath(userId));
  }
}
