'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Muted, mutedVariants } from '@/components/ui/muted';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import type { BlobReveal } from '@/lib/media/api';
import { ApiError, describeFailure } from '@/lib/queries/api-error';
import { mediaQueries } from '@/lib/queries/media';

function RevealList({ reveals }: { reveals: readonly BlobReveal[] }) {
  return (
    <ol className="space-y-1.5">
      {reveals.map((reveal, index) => (
        <li key={`${reveal.at}:${index}`}>
          <span className="font-medium">
            <VisibleText text={reveal.actorName ?? reveal.actorEmail ?? 'unknown reviewer'} />
          </span>{' '}
          <UtcTime value={reveal.at} className={mutedVariants()} />
          {reveal.reason ? (
            <span className="block text-zinc-700 dark:text-zinc-300">
              “<VisibleText text={reveal.reason} />”
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The loading, refused and failed states both lists share; `null` when there is data to show. */
function readState(error: Error | null, isPending: boolean): ReactNode {
  if (isPending) return <p className="text-zinc-500">Loading…</p>;
  if (error instanceof ApiError && error.status === 403) return <Muted>Moderators and above see who revealed it.</Muted>;
  if (error) return <p role="alert" className="text-red-800 dark:text-red-300">{describeFailure(error).title}</p>;
  return null;
}

/** Who revealed this output and when, read from the audit log (moderators and above). */
export function ViewedBy({ blobId }: { blobId: string }) {
  const { data, error, isPending } = useQuery(mediaQueries.viewedBy(blobId));
  const body =
    readState(error, isPending) ??
    (data?.reveals.length ? <RevealList reveals={data.reveals} /> : <Muted>Nobody has revealed it yet.</Muted>);
  return (
    <section aria-label="Revealed by" className="space-y-1 text-xs">
      <h3 className="text-sm font-medium">Revealed by</h3>
      {body}
    </section>
  );
}

/**
 * Who revealed each output of a workflow, output by output, so a moderator sees what colleagues already looked at
 * before opening anything. Each output links to its tile.
 */
export function ViewedByOutput({ workflowId }: { workflowId: string }) {
  const { data, error, isPending } = useQuery(mediaQueries.workflowViewedBy(workflowId));
  const body =
    readState(error, isPending) ??
    (data?.outputs.length ? (
      <ul className="space-y-2" aria-label="Outputs revealed">
        {data.outputs.map((output) => (
          <li key={output.blobId} data-viewed-output={output.blobId} className="space-y-1">
            <a href={`#blob-${output.blobId}`} className="font-mono break-all text-sky-700 hover:underline dark:text-sky-400">
              {output.blobId}
            </a>
            <RevealList reveals={output.reveals} />
          </li>
        ))}
      </ul>
    ) : (
      <Muted>Nobody has revealed any output of this workflow yet.</Muted>
    ));
  return (
    <section aria-label="Viewed by, per output" className="space-y-1 text-xs">
      <h3 className="text-sm font-medium">Viewed by, per output</h3>
      {body}
    </section>
  );
}
