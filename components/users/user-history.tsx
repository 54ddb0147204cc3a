'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { DecisionSummary } from '@/components/review/decision-text';
import { EntityLink } from '@/components/ui/entity-link';
import { Muted } from '@/components/ui/muted';
import { Section } from '@/components/ui/section';
import { LoadingRegion, Skeleton } from '@/components/ui/skeleton';
import { QueryErrorState } from '@/components/ui/query-error-state';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { userQueries } from '@/lib/queries/users';
import type { ReasonCode } from '@/lib/review/reason-label';
import { USER_HISTORY_LIMIT } from '@/lib/users/api';

/** The team's past decisions on this user's workflows and who revealed what, newest first, each linking to its workflow. */
export function UserHistory({ userId, reasonCodes }: { userId: string; reasonCodes: readonly ReasonCode[] }) {
  const history = useQuery(userQueries.history(userId));
  if (history.isPending) {
    return (
      <LoadingRegion label="Loading past decisions and reveals…">
        <Skeleton className="h-24 w-full" />
      </LoadingRegion>
    );
  }
  if (history.isError) {
    return (
      <QueryErrorState
        what="past decisions and reveals"
        error={history.error}
        onRetry={() => void history.refetch()}
        retrying={history.isFetching}
        fallbackDetail="The console's records could not be read."
      />
    );
  }
  const { decisions, reveals } = history.data;
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Section title={`Past decisions (${decisions.length}${decisions.length >= USER_HISTORY_LIMIT ? ', newest' : ''})`}>
        <CompactList label="Past decisions" empty="No decisions on this user's workflows yet.">
          {decisions.map((decision) => (
            <li key={decision.id} className="space-y-0.5">
              <WorkflowLink workflowId={decision.workflowId} blobId={decision.blobId} />
              <DecisionSummary decision={decision} reasonCodes={reasonCodes} />
            </li>
          ))}
        </CompactList>
      </Section>
      <Section title={`Viewed by (${reveals.length}${reveals.length >= USER_HISTORY_LIMIT ? ', newest' : ''})`}>
        <CompactList label="Reveals" empty="Nobody has revealed media of this user's workflows.">
          {reveals.map((reveal, index) => (
            <li key={`${reveal.targetId}-${reveal.at}-${index}`} className="space-y-0.5">
              <WorkflowLink workflowId={reveal.workflowId} blobId={reveal.targetType === 'blob' ? reveal.targetId : null} />
              <span className="flex flex-wrap gap-1">
                <VisibleText text={reveal.actorName ?? reveal.actorEmail ?? 'unknown account'} /> revealed it, <UtcTime value={reveal.at} />
                {reveal.reason ? (
                  <Muted as="span">
                    — <VisibleText text={reveal.reason} />
                  </Muted>
                ) : null}
              </span>
            </li>
          ))}
        </CompactList>
      </Section>
    </div>
  );
}

function CompactList({ label, empty, children }: { label: string; empty: string; children: ReactNode[] }) {
  if (children.length === 0) return <Muted size="sm" tone="faint">{empty}</Muted>;
  return (
    <ul aria-label={label} className="max-h-96 space-y-2 overflow-y-auto text-sm">
      {children}
    </ul>
  );
}

function WorkflowLink({ workflowId, blobId }: { workflowId: string | null; blobId: string | null }) {
  if (!workflowId) return <span className="text-zinc-500">workflow not recorded</span>;
  return (
    <span className="flex flex-wrap gap-1 font-mono text-xs">
      <EntityLink kind="workflow" id={workflowId} tone="strong">
        <VisibleText text={workflowId} />
      </EntityLink>
      {blobId ? (
        <Muted as="span" tone="faint">
          output <VisibleText text={blobId} />
        </Muted>
      ) : null}
    </span>
  );
}
