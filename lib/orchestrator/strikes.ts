import 'server-only';
import { upstreamPath, type CallContext, type OrchestratorClient } from './client';
import { OrchestratorError } from './errors';
import { toStrikeGroups } from './reshape';
import { StrikesSchema } from './schemas';
import type { StrikeGroup } from './types';

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
    path: upstreamPath`/v1/manager/consumers/flagged/${`civitai-${userId}`}/strikes`,
    schema: StrikesSchema,
    what: 'strike list',
    ctx,
    cacheFor: () => 10_000,
  });
}
