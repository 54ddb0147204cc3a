import { ListChecks } from 'lucide-react';
import Link from 'next/link';
import { BlobTile } from '@/components/media/blob-tile';
import { ScreenHeader } from '@/components/screen-header';
import { Badge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EntityLink } from '@/components/ui/entity-link';
import { Muted } from '@/components/ui/muted';
import { MonoText } from '@/components/ui/visible-text';
import { SIMILAR_MAX_DISTANCE } from '@/lib/similar/search';
import type { SimilarRequest } from '@/lib/similar/similar-outputs';
import type { SimilarTile } from '@/lib/similar/similar-tiles';
import { similarHref } from './find-similar-link';

const DISTANCES = [8, 16, 24, 31, 40, SIMILAR_MAX_DISTANCE];

function pageHref(blobId: string, request: SimilarRequest, cursor: string): string {
  const query = new URLSearchParams({ maxDistance: String(request.maxDistance), cursor });
  if (request.dihedral) query.set('dihedral', 'true');
  return `${similarHref(blobId)}?${query}`;
}

/**
 * The outputs like one output, nearest first: each a tile through the gate like any other (its pixels only as far as
 * this reviewer's gate allows), with how many bits apart it is, its owner and its workflow; and the workflows as a
 * queue. The search form is a plain GET: a search is a link a moderator can share.
 */
export function SimilarResults({ blobId, request, sourceWorkflowId, tiles, next }: { blobId: string; request: SimilarRequest; sourceWorkflowId: string | null; tiles: SimilarTile[]; next?: string }) {
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
      <ScreenHeader
        title="Similar outputs"
        description={
          <>
            Indexed outputs within {request.maxDistance} bits of the PDQ hash of <MonoText text={blobId} />
            {request.dihedral ? ', or of its rotations and mirror images' : ''}, across every indexed user, nearest first.
          </>
        }
        actions={
          <>
            {sourceWorkflowId ? (
              <EntityLink kind="workflow" id={sourceWorkflowId} className="text-sm">
                Its workflow
              </EntityLink>
            ) : null}
            <Link href={`/queue?similar=${encodeURIComponent(blobId)}`} className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
              <ListChecks aria-hidden className="size-4" /> Open as queue
            </Link>
          </>
        }
      />
      <form method="get" action={similarHref(blobId)} className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">At most</span>
          <select name="maxDistance" defaultValue={request.maxDistance} className="h-8 rounded-md border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900">
            {DISTANCES.map((distance) => (
              <option key={distance} value={distance}>
                {distance} bits{distance === 31 ? ' (PDQ’s match threshold)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="flex h-8 items-center gap-2">
          <input type="checkbox" name="dihedral" value="true" defaultChecked={request.dihedral} />
          Also rotated and mirrored copies
        </label>
        <button type="submit" className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
          Search again
        </button>
      </form>
      {tiles.length === 0 ? (
        <Muted size="sm">No other indexed output is within {request.maxDistance} bits of this one.</Muted>
      ) : (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] gap-3" aria-label="Similar outputs">
          {tiles.map((tile) => (
            <li key={tile.blobId} className="flex flex-col gap-1.5" data-similar-distance={tile.distance}>
              <BlobTile item={tile.item} probe={null} probeError={null} gate={tile.gate} risk={tile.risk} workflowId={tile.workflowId} />
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
                <Badge tone={tile.distance <= 15 ? 'danger' : 'warning'}>{tile.distance} bits apart</Badge>
                {tile.ownerId !== null ? (
                  <EntityLink kind="user" id={tile.ownerId}>
                    user {tile.ownerId}
                  </EntityLink>
                ) : null}
                <EntityLink kind="workflow" id={tile.workflowId} className="min-w-0 truncate font-mono" title={tile.workflowId}>
                  {tile.workflowId}
                </EntityLink>
              </div>
            </li>
          ))}
        </ul>
      )}
      {next ? (
        <Link href={pageHref(blobId, request, next)} className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
          More matches
        </Link>
      ) : null}
    </div>
  );
}

/** The search could not run: the blob is unknown to the index, not hashed yet, or its pixels are withheld. */
export function SimilarUnavailable({ blobId, title, detail }: { blobId: string; title: string; detail: string | null }) {
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
      <ScreenHeader title="Similar outputs" description={<MonoText text={blobId} />} />
      <Card role="status" className="space-y-1">
        <p className="font-medium">{title}</p>
        {detail ? <Muted size="sm">{detail}</Muted> : null}
      </Card>
    </div>
  );
}
