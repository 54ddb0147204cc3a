import { LoadingRegion, Skeleton } from './skeleton';

/** The loading state of a detail screen: header, facts card and two step cards, in the screen's own layout. */
export function DetailSkeleton({ label }: { label: string }) {
  return (
    <div className="mx-auto w-full max-w-[1800px] px-4 py-4">
      <LoadingRegion label={label} className="space-y-6">
        <div className="space-y-2">
          <Skeleton className="h-7 w-96" />
          <Skeleton className="h-4 w-64" />
        </div>
        <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <Skeleton className="h-56" />
          <Skeleton className="h-56" />
        </div>
        <Skeleton className="h-72" />
        <Skeleton className="h-72" />
      </LoadingRegion>
    </div>
  );
}
