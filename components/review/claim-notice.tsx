'use client';

import { usePresence } from '@/components/live/live-channel';
import { useClock } from '@/components/media/use-gates';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Muted } from '@/components/ui/muted';
import type { ReviewClaim } from '@/lib/review/api-types';
import { describeClaim } from '@/lib/review/queue';
import type { ClaimState } from './use-claim';

/** The queue item's claim: held by this moderator, being made, or someone else's (the queue then moves on). */
export function ClaimLine({ claim }: { claim: ClaimState }) {
  if (claim.status === 'none') return null;
  return (
    <p className="text-xs" data-claim={claim.status} role={claim.status === 'taken' ? 'status' : undefined}>
      {claim.status === 'held' ? <Muted as="span" size="xs">You are reviewing this; colleagues on this queue pass over it.</Muted> : null}
      {claim.status === 'claiming' ? <Muted as="span" size="xs">Claiming this item…</Muted> : null}
      {claim.status === 'taken' ? <Badge tone="warning">{claim.message} Read-only.</Badge> : null}
      {claim.status === 'failed' ? <Badge tone="warning">Not claimed: {claim.message}</Badge> : null}
    </p>
  );
}

/** The live claim on a workflow (from presence), or null. */
export function useWorkflowClaim(workflowId: string): ReviewClaim | null {
  return usePresence()?.find((claim) => claim.workflowId === workflowId) ?? null;
}

/**
 * "Mo Moderator is reviewing this (2 min)" on the workflow page, live: another reviewer's claim makes the page
 * read-only for deciding, and a senior may take it over (audited).
 */
export function ClaimNotice({
  holder,
  own,
  canTakeOver,
  onTakeOver,
}: {
  holder: ReviewClaim | null;
  /** This reviewer's own claim on the page (a take-over). */
  own: ClaimState;
  canTakeOver: boolean;
  onTakeOver: () => void;
}) {
  const now = useClock(holder !== null);
  if (own.status === 'held') {
    return (
      <p className="text-sm" data-claim-notice="mine">
        You are reviewing this; colleagues see it as yours until you leave the page.
      </p>
    );
  }
  if (!holder) return null;
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-800 dark:bg-amber-950" data-claim-notice="other" role="status">
      <p className="font-medium">{describeClaim(holder, new Date(now))}</p>
      <Muted size="xs">Read-only while they do: deciding is theirs.{canTakeOver ? ' As a senior you may take it over; the take-over is audited.' : ''}</Muted>
      {canTakeOver ? (
        <Button variant="secondary" onClick={onTakeOver}>
          Take over
        </Button>
      ) : null}
      {own.status === 'taken' || own.status === 'failed' ? <p role="alert">{own.message}</p> : null}
    </div>
  );
}
