'use client';

import { useQuery } from '@tanstack/react-query';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { ApiError, describeFailure } from '@/lib/queries/api-error';
import { mediaQueries } from './media-queries';

/** Who revealed this output and when, read from the audit log (moderators and above). */
export function ViewedBy({ blobId }: { blobId: string }) {
  const { data, error, isPending } = useQuery(mediaQueries.viewedBy(blobId));
  let body;
  if (isPending) body = <p className="text-zinc-500">Loading…</p>;
  else if (error instanceof ApiError && error.status === 403) body = <p className="text-zinc-600 dark:text-zinc-400">Moderators and above see who revealed it.</p>;
  else if (error) body = <p role="alert" className="text-red-800 dark:text-red-300">{describeFailure(error).title}</p>;
  else if (data.reveals.length === 0) body = <p className="text-zinc-600 dark:text-zinc-400">Nobody has revealed it yet.</p>;
  else
    body = (
      <ol className="space-y-1.5">
        {data.reveals.map((reveal, index) => (
          <li key={`${reveal.at}:${index}`}>
            <span className="font-medium">
              <VisibleText text={reveal.actorName ?? reveal.actorEmail ?? 'unknown reviewer'} />
            </span>{' '}
            <UtcTime value={reveal.at} className="text-zinc-600 dark:text-zinc-400" />
            {reveal.reason ? (
              <span className="block text-zinc-700 dark:text-zinc-300">
                “<VisibleText text={reveal.reason} />”
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    );
  return (
    <section aria-label="Revealed by" className="space-y-1 text-xs">
      <h3 className="text-sm font-medium">Revealed by</h3>
      {body}
    </section>
  );
}
