'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { queryKeys } from '@/lib/queries/keys';
import type { DecisionResponse } from '@/lib/review/api-types';
import { reviewApi, reviewKeys, type DecisionInput } from '@/lib/review/client';
import type { Conflict } from './conflict-dialog';

/**
 * Sends decisions and handles the one outcome that needs the moderator: a conflict. The caller gets every
 * response (to update its own view); the hook keeps the open conflict for <ConflictDialog>.
 */
export function useDecide(onResponse: (input: DecisionInput, response: DecisionResponse) => void) {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [overwriting, setOverwriting] = useState(false);

  const decide = useCallback(
    async (input: DecisionInput): Promise<DecisionResponse> => {
      const response = await reviewApi.decide(input);
      if (response.outcome === 'conflict') setConflict({ input, current: response.current });
      void queryClient.invalidateQueries({ queryKey: reviewKeys.state(input.workflowId) });
      // The review tag upstream changed, and the workflow screen shows tags.
      if (response.outcome === 'recorded') void queryClient.invalidateQueries({ queryKey: queryKeys.workflow(input.workflowId) });
      onResponse(input, response);
      return response;
    },
    [onResponse, queryClient],
  );

  const keep = useCallback(() => setConflict(null), []);

  const overwrite = useCallback(async () => {
    if (!conflict) return;
    setOverwriting(true);
    setConflict(null);
    try {
      await decide({ ...conflict.input, expectedVersion: conflict.current?.version ?? 0 });
    } finally {
      setOverwriting(false);
    }
  }, [conflict, decide]);

  return { decide, conflict, overwriting, keep, overwrite };
}
