import { queryOptions } from '@tanstack/react-query';
import { mediaApi, type MediaGatesAnswer, type RevealAnswer, type ViewedByAnswer, type WorkflowViewedByAnswer } from '@/lib/media/api';
import type { PreferencesChange, ReviewerPreferences } from '@/lib/moderation/preferences';
import { fetchJson, sendJson } from '@/lib/queries/fetch-json';
import { queryKeys } from '@/lib/queries/keys';

/**
 * The media feature's reads and writes from the browser: the gates of a workflow's outputs, the reviewer's wellness
 * settings, who revealed a blob, and the two writes (a reveal, a settings change). Keys live here and only here.
 */

export const mediaKeys = {
  all: ['media'] as const,
  gates: queryKeys.mediaGates,
  allGates: ['media', 'gates'] as const,
  preferences: ['media', 'preferences'] as const,
  viewedBy: (blobId: string) => ['media', 'viewed-by', blobId] as const,
  workflowViewedBy: (workflowId: string) => ['media', 'viewed-by', 'workflow', workflowId] as const,
};

export const mediaQueries = {
  // Gates carry live grants: re-read whenever a tile mounts again, never served stale from another visit.
  gates: (workflowId: string) =>
    queryOptions({
      queryKey: mediaKeys.gates(workflowId),
      queryFn: ({ signal }) => fetchJson<MediaGatesAnswer>(mediaApi.gates(workflowId), signal),
      staleTime: 0,
    }),
  preferences: () =>
    queryOptions({
      queryKey: mediaKeys.preferences,
      queryFn: ({ signal }) => fetchJson<ReviewerPreferences>(mediaApi.preferences(), signal),
      staleTime: 5 * 60_000,
    }),
  viewedBy: (blobId: string) =>
    queryOptions({
      queryKey: mediaKeys.viewedBy(blobId),
      queryFn: ({ signal }) => fetchJson<ViewedByAnswer>(mediaApi.viewedBy(blobId), signal),
      staleTime: 0,
      retry: false,
    }),
  workflowViewedBy: (workflowId: string) =>
    queryOptions({
      queryKey: mediaKeys.workflowViewedBy(workflowId),
      queryFn: ({ signal }) => fetchJson<WorkflowViewedByAnswer>(mediaApi.workflowViewedBy(workflowId), signal),
      staleTime: 0,
      retry: false,
    }),
};

/** Asks the gate for a reveal: it checks the role and reason and writes the audit row before it grants anything. */
export function requestReveal(blobId: string, workflowId: string, reason: string | undefined): Promise<RevealAnswer> {
  return sendJson<RevealAnswer>('POST', mediaApi.reveal(blobId, workflowId), reason ? { reason } : {});
}

export function savePreferences(change: PreferencesChange): Promise<ReviewerPreferences> {
  return sendJson<ReviewerPreferences>('PUT', mediaApi.preferences(), change);
}
