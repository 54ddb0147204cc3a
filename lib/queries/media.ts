import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { mediaApi, type MediaGatesAnswer, type RevealAnswer, type ViewedByAnswer, type WorkflowViewedByAnswer } from '@/lib/media/api';
import type { PreferencesChange, ReviewerPreferences } from '@/lib/moderation/preferences';
import { fetchJson, sendJson } from './fetch-json';
import { queryKeys } from './keys';

/**
 * The media feature's reads and writes from the browser: the gates of a workflow's outputs, the reviewer's wellness
 * settings, who revealed a blob, and the two writes (a reveal, a settings change).
 */
export const mediaQueries = {
  // Gates carry live grants: re-read whenever a tile mounts again, never served stale from another visit.
  gates: (workflowId: string) =>
    queryOptions({
      queryKey: queryKeys.mediaGates(workflowId),
      queryFn: ({ signal }) => fetchJson<MediaGatesAnswer>(mediaApi.gates(workflowId), signal),
      staleTime: 0,
    }),
  preferences: () =>
    queryOptions({
      queryKey: queryKeys.mediaPreferences,
      queryFn: ({ signal }) => fetchJson<ReviewerPreferences>(mediaApi.preferences(), signal),
      staleTime: 5 * 60_000,
    }),
  viewedBy: (blobId: string) =>
    queryOptions({
      queryKey: queryKeys.blobViewedBy(blobId),
      queryFn: ({ signal }) => fetchJson<ViewedByAnswer>(mediaApi.viewedBy(blobId), signal),
      staleTime: 0,
      retry: false,
    }),
  workflowViewedBy: (workflowId: string) =>
    queryOptions({
      queryKey: queryKeys.workflowViewedBy(workflowId),
      queryFn: ({ signal }) => fetchJson<WorkflowViewedByAnswer>(mediaApi.workflowViewedBy(workflowId), signal),
      staleTime: 0,
      retry: false,
    }),
};

/**
 * Asks the gate for a reveal (it checks the role and reason and writes the audit row before it grants anything), then
 * marks the output revealed in the cached gates, so every tile of it asks for the full bytes, and re-reads who viewed it.
 */
export async function revealThroughGate(queryClient: QueryClient, blobId: string, workflowId: string, reason: string | undefined): Promise<void> {
  const answer = await sendJson<RevealAnswer>('POST', mediaApi.reveal(blobId, workflowId), reason ? { reason } : {});
  const revealedUntil = answer.grant?.expiresAt ?? null;
  queryClient.setQueryData<MediaGatesAnswer>(queryKeys.mediaGates(workflowId), (old) =>
    old ? { ...old, gates: old.gates.map((entry) => (entry.blobId === blobId ? { ...entry, revealedUntil } : entry)) } : old,
  );
  void queryClient.invalidateQueries({ queryKey: queryKeys.blobViewedBy(blobId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.workflowViewedBy(workflowId) });
}

/** Saves the reviewer's wellness settings; the gates follow them (blur, veils), so every cached gate is read again. */
export async function savePreferences(queryClient: QueryClient, change: PreferencesChange): Promise<ReviewerPreferences> {
  const saved = await sendJson<ReviewerPreferences>('PUT', mediaApi.preferences(), change);
  queryClient.setQueryData(queryKeys.mediaPreferences, saved);
  await queryClient.invalidateQueries({ queryKey: queryKeys.allMediaGates });
  return saved;
}
