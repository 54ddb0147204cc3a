import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { fetchJson, sendJson } from './fetch-json';
import { queryKeys } from './keys';
import type { OriginalsChoice } from '@/lib/evidence/export-options';
import type {
  BulkDecisionResponse,
  ClaimResponse,
  DecisionResponse,
  ModerationGateResponse,
  QueueResponse,
  ReleaseResponse,
  ReviewStateResponse,
  SyncResponse,
  TagsResponse,
  UndoResponse,
} from '@/lib/review/api-types';
import type { DecisionKind } from '@/lib/review/decision';
import type { WorkflowReview } from '@/lib/review/history';

/**
 * The browser's side of the review routes: query factories for what it reads and one function per write. Writes send
 * JSON to our own origin (the session cookie rides along); a failure is an ApiError with the route's readable title.
 */

export const reviewQueries = {
  state: (workflowId: string) =>
    queryOptions({
      queryKey: queryKeys.reviewState(workflowId),
      queryFn: ({ signal }) => fetchJson<ReviewStateResponse>(`/api/decisions?workflowId=${encodeURIComponent(workflowId)}`, signal),
      // The decision in force changes under other moderators' hands: always ask again when an item comes back.
      staleTime: 0,
    }),
  /** `search` is the queue page's query string: `preset=…` or the workflows screen's filters. */
  queue: (search: string) =>
    queryOptions({
      queryKey: queryKeys.reviewQueue(search),
      queryFn: ({ signal }) => fetchJson<QueueResponse>(`/api/queue?${search}`, signal),
      staleTime: Infinity,
    }),
};

/**
 * The review state the moderator saw: what the screen shows (the cache), else the server's now. Read straight from
 * the cache rather than through fetchQuery, whose request is cancelled when the queue moves on and unmounts it.
 */
export async function seenReview(queryClient: QueryClient, workflowId: string): Promise<WorkflowReview> {
  const shown = queryClient.getQueryData<ReviewStateResponse>(queryKeys.reviewState(workflowId));
  return (shown ?? (await fetchJson<ReviewStateResponse>(`/api/decisions?workflowId=${encodeURIComponent(workflowId)}`))).review;
}

export type DecisionInput = {
  workflowId: string;
  blobId?: string | null;
  kind: DecisionKind;
  reasonCode?: string | null;
  note?: string | null;
  expectedVersion: number;
  workflowVersionSeen: string;
};

const workflowPath = (workflowId: string, action: string) => `/api/workflows/${encodeURIComponent(workflowId)}/${action}`;

export const reviewApi = {
  decide: (input: DecisionInput) => sendJson<DecisionResponse>('POST', '/api/decisions', input),
  decideMany: (input: { items: Omit<DecisionInput, 'kind' | 'reasonCode' | 'note' | 'blobId'>[]; kind: DecisionKind; reasonCode?: string | null; note?: string | null }) =>
    sendJson<BulkDecisionResponse>('POST', '/api/decisions/bulk', input),
  undo: (decisionId: string) => sendJson<UndoResponse>('POST', '/api/decisions/undo', { decisionId }),
  retrySync: (workflowId: string) => sendJson<SyncResponse>('POST', '/api/decisions/sync', { workflowId }),
  addTag: (workflowId: string, tag: string) => sendJson<TagsResponse>('POST', workflowPath(workflowId, 'tags'), { tag }),
  removeTag: (workflowId: string, tag: string) => sendJson<TagsResponse>('DELETE', workflowPath(workflowId, 'tags'), { tag }),
  cancel: (workflowId: string, reason: string | null) => sendJson<{ canceled: true }>('POST', workflowPath(workflowId, 'cancel'), { reason }),
  decideGate: (workflowId: string, approved: boolean, message: string | null) =>
    sendJson<ModerationGateResponse>('POST', workflowPath(workflowId, 'moderation-gate'), { approved, message }),
  claim: (workflowId: string, how: { renew?: boolean; takeOver?: boolean; undecidedSince?: string } = {}) =>
    sendJson<ClaimResponse>('POST', '/api/queue/claim', { workflowId, ...how }),
  release: (workflowId: string) => sendJson<ReleaseResponse>('DELETE', '/api/queue/claim', { workflowId }, { keepalive: true }),
  taint: (jobId: string, reason: string, workflowId?: string) =>
    sendJson<{ tainted: true }>('POST', `/api/jobs/${encodeURIComponent(jobId)}/taint`, { reason, workflowId }),
};

/** The evidence package's download address: `reason` is recorded in the manifest and on each hard-gated reveal. */
export function evidenceHref(workflowId: string, options: { reason: string | null; originals: OriginalsChoice }): string {
  const query = new URLSearchParams();
  if (options.reason) query.set('reason', options.reason);
  if (options.originals === 'none') query.set('originals', 'none');
  return query.size > 0 ? `${workflowPath(workflowId, 'evidence')}?${query}` : workflowPath(workflowId, 'evidence');
}
