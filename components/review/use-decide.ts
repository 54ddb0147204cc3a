'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { describeFailure } from '@/lib/queries/api-error';
import { queryKeys } from '@/lib/queries/keys';
import type { DecisionResponse, UndoResponse } from '@/lib/review/api-types';
import { reviewApi, type DecisionInput } from '@/lib/queries/review';
import { useWorkflowChanged } from '@/lib/queries/use-workflow-changed';
import { DECISION_LABELS } from '@/lib/review/decision';
import { UNDO_WINDOW_MS, type DecisionRecord } from '@/lib/review/history';
import { shortId } from '@/lib/orchestrator/short-id';
import type { Conflict } from './conflict-dialog';

/**
 * Sends decisions and handles the one outcome that needs the moderator: a conflict. The caller gets every
 * response (to update its own view); the hook keeps the open conflict for <ConflictDialog>. A recorded decision is
 * confirmed by a toast carrying Undo for as long as the server allows one (UNDO_WINDOW_MS); `onUndone` hears every
 * undo, from that toast or from the caller's own `undo` (the queue's `u`).
 */
export function useDecide(
  onResponse: (input: DecisionInput, response: DecisionResponse) => void,
  onUndone?: (decision: DecisionRecord) => void,
) {
  const queryClient = useQueryClient();
  const workflowChanged = useWorkflowChanged();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [overwriting, setOverwriting] = useState(false);

  const undo = useCallback(
    async (decision: DecisionRecord): Promise<UndoResponse> => {
      const undone = await reviewApi.undo(decision.id);
      void queryClient.invalidateQueries({ queryKey: queryKeys.reviewState(decision.workflowId) });
      if (undone.outcome === 'undone') {
        workflowChanged(decision.workflowId);
        onUndone?.(decision);
      }
      return undone;
    },
    [onUndone, queryClient, workflowChanged],
  );

  const decide = useCallback(
    async (input: DecisionInput): Promise<DecisionResponse> => {
      const response = await reviewApi.decide(input);
      if (response.outcome === 'conflict') setConflict({ input, current: response.current });
      void queryClient.invalidateQueries({ queryKey: queryKeys.reviewState(input.workflowId) });
      // The review tag upstream changed, and the workflow screen shows tags.
      if (response.outcome === 'recorded') {
        workflowChanged(input.workflowId);
        const subject = input.blobId ? `output ${shortId(input.blobId)}` : `workflow ${shortId(input.workflowId)}`;
        toast.success(`${DECISION_LABELS[input.kind]} recorded on ${subject}`, {
          description: response.sync?.state === 'synced' ? 'Synced upstream.' : 'Not synced upstream yet.',
          duration: UNDO_WINDOW_MS,
          action: {
            label: 'Undo',
            onClick: () => {
              undo(response.decision).then(
                (undone) => (undone.outcome === 'undone' ? toast.success(`Undone: ${subject} is back to what it was before.`) : toast.error(undone.message)),
                (error: unknown) => toast.error(describeFailure(error).title),
              );
            },
          },
        });
      }
      onResponse(input, response);
      return response;
    },
    [onResponse, queryClient, undo, workflowChanged],
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

  return { decide, undo, conflict, overwriting, keep, overwrite };
}
