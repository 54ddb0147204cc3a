import 'server-only';
import type { SessionUser } from '@/lib/auth/session-user';
import { gatePolicy, scanThresholds } from '@/lib/moderation/config';
import type { GateViewer } from '@/lib/moderation/gating';
import { loadPreferences } from '@/lib/moderation/preferences-store';
import type { OutputRisk } from '@/lib/moderation/read-model';
import { mediaItemOf, tileGate, type TileGate } from '@/lib/moderation/workflow-evidence';
import type { CallContext } from '@/lib/orchestrator/client';
import type { MediaItem } from '@/lib/orchestrator/types';
import { indexedOutputsOf, placeBlob } from '@/lib/risk-index/store';
import type { SimilarMatch } from './search';
import { similarOutputs, type SimilarRequest } from './similar-outputs';

export interface SimilarTile extends SimilarMatch {
  item: MediaItem;
  /** The gate the server decided for this viewer from the indexed facts; the tile's live gate may refine it. */
  gate: TileGate;
  risk: OutputRisk;
}

/**
 * The results screen's matches as tiles: each placed by the index and gated for this viewer on the server, as the
 * strikes' tiles are. A match the index dropped since the search is left out (no placement, no tile).
 */
export async function readSimilarTiles(
  viewer: SessionUser,
  blobId: string,
  request: SimilarRequest,
  ctx: CallContext,
): Promise<{ sourceWorkflowId: string | null; tiles: SimilarTile[]; next?: string }> {
  const { matches, next } = await similarOutputs(blobId, request, ctx);
  const [source, placed, preferences] = await Promise.all([
    placeBlob(blobId),
    indexedOutputsOf(matches.map((match) => match.blobId), scanThresholds()),
    loadPreferences(viewer),
  ]);
  const gateViewer: GateViewer = { role: viewer.role, preferences };
  const policy = gatePolicy();
  const tiles = matches.flatMap((match) => {
    const risk = placed.get(match.blobId);
    return risk ? [{ ...match, item: mediaItemOf(risk), gate: tileGate(risk, gateViewer, policy), risk }] : [];
  });
  const sourceWorkflowId = source?.workflowId ?? null;
  return next ? { sourceWorkflowId, tiles, next } : { sourceWorkflowId, tiles };
}
