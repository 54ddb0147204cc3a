'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { toast } from '@/components/ui/toast';
import { queryKeys } from '@/lib/queries/keys';
import { shortId } from '@/lib/orchestrator/short-id';

/**
 * After any granted reveal (a tile, the lightbox, the queue's `r`): the header's "Revealed today" counts it now, not
 * on the next page load, and a toast confirms what was revealed and that it is on record.
 */
export function useRevealed(): (blobId: string) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (blobId: string) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.exposureToday });
      toast.success(`Revealed ${shortId(blobId)}`, { description: 'Recorded in the audit log under your name.' });
    },
    [queryClient],
  );
}
