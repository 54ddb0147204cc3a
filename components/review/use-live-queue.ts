'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useLiveItems } from '@/components/live/live-channel';
import type { QueueItem, QueueResponse } from '@/lib/review/api-types';
import { reviewQueries } from '@/lib/queries/review';

/**
 * New items for an open queue: counted as they arrive, and put right after the current item when the moderator
 * asks, so the item under review stays where it is and the next key press reaches the new ones.
 */
export function useLiveQueue(search: string, data: QueueResponse | undefined, index: number): { count: number; show: () => void } {
  const queryClient = useQueryClient();
  const live = useLiveItems(data ? search : null, data?.liveCursor ?? null);
  const known = useMemo(() => new Set(data?.items.map((item) => item.workflowId)), [data]);
  const unseen = live.items.filter((item) => !known.has(item.id));
  const show = useCallback(() => {
    const fresh: QueueItem[] = live
      .take()
      .filter((item) => !known.has(item.id))
      .map((item) => ({ workflowId: item.id, createdAt: item.createdAt, status: item.status, tags: item.tags }));
    queryClient.setQueryData(reviewQueries.queue(search).queryKey, (old) =>
      old ? { ...old, items: [...old.items.slice(0, index + 1), ...fresh, ...old.items.slice(index + 1)] } : old,
    );
  }, [index, known, live, queryClient, search]);
  return { count: unseen.length, show };
}
