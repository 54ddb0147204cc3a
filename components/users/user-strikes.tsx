'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ShieldAlert } from 'lucide-react';
import { useState } from 'react';
import { BlobTile } from '@/components/media/blob-tile';
import { GatePlaceholder } from '@/components/media/gated-media';
import { ActionDialog } from '@/components/review/action-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EntityLink } from '@/components/ui/entity-link';
import { Muted, mutedVariants } from '@/components/ui/muted';
import { Section } from '@/components/ui/section';
import { LoadingRegion, Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { describeFailure } from '@/lib/queries/api-error';
import { sendJson } from '@/lib/queries/fetch-json';
import { queryKeys } from '@/lib/queries/keys';
import { userQueries } from '@/lib/queries/users';
import { userApi, type StrikeBlob, type StrikesReviewAnswer, type UserStrike } from '@/lib/users/api';

/**
 * The user's strikes from the manager endpoint: each strike's job, reason, time, prompt and its blobs through the
 * gate (the server decided each tier; a blob the index cannot place shows no pixels). A failure is a marked gap in
 * the page, with a retry; the rest of the page stands. Seniors mark the strikes reviewed, with notes.
 */
export function UserStrikes({ userId, canReview }: { userId: string; canReview: boolean }) {
  const strikes = useQuery(userQueries.strikes(userId));
  const [reviewing, setReviewing] = useState(false);
  const queryClient = useQueryClient();
  const count = strikes.data?.strikes.length;

  let body;
  if (strikes.isPending) {
    body = (
      <LoadingRegion label="Loading the strikes…">
        <Skeleton className="h-32 w-full" />
      </LoadingRegion>
    );
  } else if (strikes.isError) {
    body = (
      <ErrorState
        title={`Strikes could not be read: ${describeFailure(strikes.error).title}`}
        action={
          <Button onClick={() => void strikes.refetch()} disabled={strikes.isFetching}>
            {strikes.isFetching ? 'Retrying…' : 'Retry strikes'}
          </Button>
        }
      >
        The rest of this page comes from the console&apos;s own records and is complete.
      </ErrorState>
    );
  } else if (strikes.data.strikes.length === 0) {
    body = <EmptyState title="No strikes">The Orchestration API lists no strikes for this user.</EmptyState>;
  } else {
    body = (
      <ol className="space-y-3">
        {strikes.data.strikes.map((strike, index) => (
          <li key={`${strike.jobId ?? 'job'}-${index}`}>
            <StrikeCard strike={strike} />
          </li>
        ))}
      </ol>
    );
  }

  return (
    <Section
      title={count === undefined ? 'Strikes' : `Strikes (${count})`}
      actions={
        canReview && count ? (
          <Button variant="secondary" onClick={() => setReviewing(true)}>
            Mark strikes reviewed
          </Button>
        ) : null
      }
    >
      {body}
      <ActionDialog
        open={reviewing}
        onClose={() => setReviewing(false)}
        title="Mark strikes reviewed"
        confirmLabel="Mark reviewed"
        busyLabel="Marking…"
        reason={{ label: 'Notes (sent to the Orchestration API and kept in the audit log)', required: true, maxLength: 1000 }}
        run={async (notes) => {
          await sendJson<StrikesReviewAnswer>('POST', userApi.reviewStrikes(userId), { notes });
          await queryClient.invalidateQueries({ queryKey: queryKeys.userStrikes(userId) });
          return 'The strikes are marked reviewed upstream, under your name in the audit log.';
        }}
      >
        The Orchestration API records that a moderator reviewed the strikes of Civitai user <span className="font-mono">{userId}</span>.
      </ActionDialog>
    </Section>
  );
}

function StrikeCard({ strike }: { strike: UserStrike }) {
  return (
    <Card className="space-y-2" data-testid="strike">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {strike.jobId ? (
          <EntityLink kind="job" id={strike.jobId} tone="strong" className="font-mono text-xs">
            Job {strike.jobId}
          </EntityLink>
        ) : (
          <span className="text-zinc-500">Job not given</span>
        )}
        <Badge tone="danger">
          <VisibleText text={strike.reason ?? 'no reason given'} />
        </Badge>
        {strike.status ? <Badge tone={strike.status === 'Pending' ? 'warning' : 'neutral'}>{strike.status}</Badge> : null}
        <UtcTime value={strike.at} className={mutedVariants({ size: 'xs' })} />
      </div>
      {strike.prompt ? (
        <p className="text-sm">
          <span className="font-medium">Prompt: </span>
          <VisibleText text={strike.prompt} />
        </p>
      ) : null}
      {strike.negativePrompt ? (
        <Muted size="sm">
          <span className="font-medium">Negative prompt: </span>
          <VisibleText text={strike.negativePrompt} />
        </Muted>
      ) : null}
      {strike.blobs.length ? (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-2" aria-label="Outputs of the strike's job">
          {strike.blobs.map((blob) => (
            <li key={blob.blobId}>
              <StrikeBlobTile blob={blob} />
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function StrikeBlobTile({ blob }: { blob: StrikeBlob }) {
  if (blob.item && blob.gate && blob.workflowId) {
    return <BlobTile item={blob.item} probe={null} probeError={null} gate={blob.gate} risk={blob.risk ?? undefined} workflowId={blob.workflowId} />;
  }
  return (
    <figure data-blob-id={blob.blobId} data-tier={3} className="flex h-full flex-col overflow-hidden rounded-lg border-2 border-zinc-300 dark:border-zinc-700">
      <div className="relative aspect-square">
        <GatePlaceholder tier={3} icon={<ShieldAlert />} headline="Not placed by the risk index" detail="No pixels until its workflow is indexed: open its job." />
      </div>
      <figcaption className="truncate p-2 font-mono text-xs" title={blob.blobId}>
        <VisibleText text={blob.blobId} />
      </figcaption>
    </figure>
  );
}
