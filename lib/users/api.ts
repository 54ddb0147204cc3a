import type { BlobReveal } from '@/lib/media/api';
import type { OutputRisk } from '@/lib/moderation/read-model';
import type { TileGate } from '@/lib/moderation/workflow-evidence';
import type { DecisionRecord } from '@/lib/review/history';
import type { MediaItem } from '@/lib/orchestrator/types';

/**
 * The user page's API answers as the browser sees them (plain TypeScript): strikes from the manager endpoint with
 * each blob placed by the risk index and gated on the server, and the team's past work on the user's workflows.
 */

export interface StrikeBlob {
  blobId: string;
  /** The workflow the index places the blob in; null when it has not seen it (then no pixels at all: tier 3). */
  workflowId: string | null;
  item: MediaItem | null;
  /** The gate the server decided for this viewer from the indexed facts; the tile's live gate may refine it. */
  gate: TileGate | null;
  risk: OutputRisk | null;
}

export interface UserStrike {
  jobId: string | null;
  reason: string | null;
  at: string | null;
  /** The status of the strike's group upstream (e.g. Pending, Reviewed). */
  status: string | null;
  jobType: string | null;
  prompt: string | null;
  negativePrompt: string | null;
  resources: string[];
  blobs: StrikeBlob[];
}

export interface UserStrikesAnswer {
  userId: string;
  strikes: UserStrike[];
}

export interface StrikesReviewAnswer {
  reviewed: true;
  moderatorId: number;
}

export interface UserReveal extends BlobReveal {
  workflowId: string | null;
  targetType: string;
  targetId: string;
}

export interface UserHistoryAnswer {
  userId: string;
  /** Newest first, at most {@link USER_HISTORY_LIMIT}. */
  decisions: DecisionRecord[];
  reveals: UserReveal[];
}

export const USER_HISTORY_LIMIT = 50;

export const userApi = {
  risk: (userId: string) => `/api/users/${encodeURIComponent(userId)}/risk`,
  strikes: (userId: string) => `/api/users/${encodeURIComponent(userId)}/strikes`,
  reviewStrikes: (userId: string) => `/api/users/${encodeURIComponent(userId)}/strikes/review`,
  history: (userId: string) => `/api/users/${encodeURIComponent(userId)}/history`,
};
