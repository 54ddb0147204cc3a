import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { ApiError, type ProblemBody } from '@/lib/queries/api-error';
import { fetchJson } from '@/lib/queries/fetch-json';
import type {
  BulkDecisionResponse,
  DecisionResponse,
  QueueResponse,
  ReviewStateResponse,
  SyncResponse,
  TagsResponse,
  UndoResponse,
} from './api-types';
import type { DecisionKind } from './decision';
import type { WorkflowReview } from './history';

/**
 * The browser's side of the review routes: query factories for what it reads and one function per write. Writes send
 * JSON to our own origin (the session cookie rides along); a failure is an ApiError with the route's readable title.
 */

export const reviewKeys = {
  all: ['review'] as const,
  state: (workflowId: string) => ['review', 'state', workflowId] as const,
  queue: (search: string) => ['review', 'queue', search] as const,
};

export const reviewQueries = {
  state: (workflowId: string) =>
    queryOptions({
      queryKey: reviewKeys.state(workflowId),
      queryFn: ({ signal }) => fetchJson<ReviewStateResponse>(`/api/decisions?workflowId=${encodeURIComponent(workflowId)}`, signal),
      // The decision in force changes under other moderators' hands: always ask again when an item comes back.
      staleTime: 0,
    }),
  /** `search` is the queue page's query string: `preset=…` or the workflows screen's filters. */
  queue: (search: string) =>
    queryOptions({
      queryKey: reviewKeys.queue(search),
      queryFn: ({ signal }) => fetchJson<QueueResponse>(`/api/queue?${search}`, signal),
      staleTime: Infinity,
    }),
};

/**
 * The review state the moderator saw: what the screen shows (the cache), else the server's now. Read straight from
 * the cache rather than through fetchQuery, whose request is cancelled when the queue moves on and unmounts it.
 */
export async function seenReview(queryClient: QueryClient, workflowId: string): Promise<WorkflowReview> {
  const shown = queryClient.getQueryData<ReviewStateResponse>(reviewKeys.state(workflowId));
  return (shown ?? (await fetchJson<ReviewStateResponse>(`/api/decisions?workflowId=${encodeURIComponent(workflowId)}`))).review;
}

async function send<T>(method: 'POST' | 'DELETE', path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {});
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as ProblemBody;
    throw new ApiError(response.status, problem);
  }
  return (await response.json()) as T;
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
  decide: (input: DecisionInput) => send<DecisionResponse>('POST', '/api/decisions', input),
  decideMany: (input: { items: Omit<DecisionInput, 'kind' | 'reasonCode' | 'note' | 'blobId'>[]; kind: DecisionKind; reasonCode?: string | null; note?: string | null }) =>
    send<BulkDecisionResponse>('POST', '/api/decisions/bulk', input),
  undo: (decisionId: string) => send<UndoResponse>('POST', '/api/decisions/undo', { decisionId }),
  retrySync: (workflowId: string) => send<SyncResponse>('POST', '/api/decisions/sync', { workflowId }),
  addTag: (workflowId: string, tag: string) => send<TagsResponse>('POST', workflowPath(workflowId, 'tags'), { tag }),
  removeTag: (workflowId: string, tag: string) => send<TagsResponse>('DELETE', workflowPath(workflowId, 'tags'), { tag }),
  cancel: (workflowId: string, reason: string | null) => send<{ canceled: true }>('POST', workflowPath(workflowId, 'cancel'), { reason }),
  taint: (jobId: string, reason: string, workflowId?: string) =>
    send<{ tainted: true }>('POST', `/api/jobs/${encodeURIComponent(jobId)}/taint`, { reason, workflowId }),
};

export const evidenceHref = (workflowId: string) => workflowPath(workflowId, 'evidence');
