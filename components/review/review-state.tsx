'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Disclosure } from '@/components/ui/disclosure';
import { Muted } from '@/components/ui/muted';
import { describeFailure } from '@/lib/queries/api-error';
import { queryKeys } from '@/lib/queries/keys';
import { reviewQueries } from '@/lib/queries/review';
import type { ReasonCode } from '@/lib/review/reason-codes';
import { DecisionBadge, DecisionSummary } from './decision-text';
import { SyncStatus } from './sync-status';

/** The decision in force on a workflow and its outputs, whether it reached the upstream, and the full history. */
export function ReviewState({ workflowId, reasonCodes }: { workflowId: string; reasonCodes: readonly ReasonCode[] }) {
  const queryClient = useQueryClient();
  const { data, error, isPending, isFetching } = useQuery(reviewQueries.state(workflowId));
  if (isPending) return <Muted size="sm">Loading decisions…</Muted>;
  if (error) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">{describeFailure(error).title}</p>;
  const { review, history } = data;
  return (
    <div className="space-y-2 text-sm" data-review-version={review.decision?.version ?? 0} aria-busy={isFetching}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Decision:</span>
        {review.decision ? <DecisionSummary decision={review.decision} reasonCodes={reasonCodes} /> : <DecisionBadge kind={null} />}
      </div>
      {review.outputs.length ? (
        <ul className="space-y-1" aria-label="Decisions on outputs">
          {review.outputs.map((output) => (
            <li key={output.id} className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-xs">{output.blobId}</span>
              <DecisionSummary decision={output} reasonCodes={reasonCodes} />
            </li>
          ))}
        </ul>
      ) : null}
      <SyncStatus
        workflowId={workflowId}
        sync={review.sync}
        onSynced={() => void queryClient.invalidateQueries({ queryKey: queryKeys.reviewState(workflowId) })}
      />
      {history.length ? (
        <Disclosure summary={`History (${history.length})`}>
          <ol className="space-y-1">
            {history.map((decision) => (
              <li key={decision.id} className="flex flex-wrap items-center gap-2">
                <Muted as="span" size="xs" className="font-mono">v{decision.version}</Muted>
                {decision.blobId ? <span className="font-mono text-xs">{decision.blobId}</span> : null}
                <DecisionSummary decision={decision} reasonCodes={reasonCodes} />
              </li>
            ))}
          </ol>
        </Disclosure>
      ) : null}
    </div>
  );
}
