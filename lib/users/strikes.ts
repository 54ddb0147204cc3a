import 'server-only';
import { createHash } from 'node:crypto';
import type { SessionUser } from '@/lib/auth/session-user';
import { gatePolicy, scanThresholds } from '@/lib/moderation/config';
import type { GateViewer } from '@/lib/moderation/gating';
import { loadPreferences } from '@/lib/moderation/preferences-store';
import { mediaItemOf, tileGate } from '@/lib/moderation/workflow-evidence';
import type { CallContext } from '@/lib/orchestrator/client';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { getStrikes } from '@/lib/orchestrator/strikes';
import type { StrikeGroup } from '@/lib/orchestrator/types';
import { indexedOutputsOf } from '@/lib/risk-index/store';
import type { StrikeBlob, UserStrike, UserStrikesAnswer } from './api';

/**
 * A user's strikes for the user page: the manager endpoint's groups flattened to one row per strike, each blob
 * placed by the risk index (its workflow, its facts) and gated for this viewer on the server. A blob the index
 * cannot place gets no gate and so no pixels (shared/RISK-INDEX.md: unplaced is tier 3); the upstream's preview URL
 * never leaves the server.
 */

/** One row per strike, in the upstream's order, each carrying the status of its group. */
export function flattenStrikes(groups: readonly StrikeGroup[]): (Omit<UserStrike, 'blobs'> & { blobIds: string[] })[] {
  return groups.flatMap((group) =>
    group.strikes.map((strike) => ({
      jobId: strike.jobId ?? strike.job?.id ?? null,
      reason: strike.reason,
      at: strike.at,
      status: group.status,
      jobType: strike.job?.type ?? null,
      prompt: strike.job?.prompt ?? null,
      negativePrompt: strike.job?.negativePrompt ?? null,
      resources: strike.job?.resources ?? [],
      blobIds: strike.job?.blobIds ?? [],
    })),
  );
}

/** GET /api/users/{id}/strikes, and the user page's server render. */
export async function readUserStrikes(viewer: SessionUser, userId: string, ctx: CallContext): Promise<UserStrikesAnswer> {
  const flat = flattenStrikes(await getStrikes(orchestrator(), userId, ctx));
  const [placed, preferences] = await Promise.all([indexedOutputsOf([...new Set(flat.flatMap((strike) => strike.blobIds))], scanThresholds()), loadPreferences(viewer)]);
  const gateViewer: GateViewer = { role: viewer.role, preferences };
  const policy = gatePolicy();
  const strikes = flat.map(({ blobIds, ...strike }): UserStrike => ({
    ...strike,
    blobs: blobIds.map((blobId): StrikeBlob => {
      const risk = placed.get(blobId) ?? null;
      return risk
        ? { blobId, workflowId: risk.workflowId, item: mediaItemOf(risk), gate: tileGate(risk, gateViewer, policy), risk }
        : { blobId, workflowId: null, item: null, gate: null, risk: null };
    }),
  }));
  return { userId, strikes };
}

/**
 * The number the upstream records as the reviewing moderator (`moderatorId`). Console accounts have text ids and no
 * Civitai account, so the number is derived: the first 31 bits of sha256("console-moderator:" + id), never 0. Stable
 * for an account across restarts and instances; the audit row keeps the account id beside it, so it can be traced.
 */
export function upstreamModeratorId(consoleUserId: string): number {
  const bits = createHash('sha256').update(`console-moderator:${consoleUserId}`).digest().readUInt32BE(0) & 0x7fff_ffff;
  return bits === 0 ? 1 : bits;
}
