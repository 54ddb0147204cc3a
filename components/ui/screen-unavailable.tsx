'use client';

import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { QueryErrorState } from './query-error-state';
import { LoadingRegion, Skeleton } from './skeleton';

/**
 * Shown when the server could not read a screen's data (the upstream is down). It asks our API from the browser, so
 * the moderator sees the route's own explanation, and retries on request; once the data loads, the server renders
 * the screen properly.
 */
export function ScreenUnavailable<T, K extends QueryKey>({ what, query }: { what: string; query: UseQueryOptions<T, Error, T, K> }) {
  const router = useRouter();
  const result = useQuery(query);
  useEffect(() => {
    if (result.isSuccess) router.refresh();
  }, [result.isSuccess, router]);

  if (result.isError) {
    return <QueryErrorState what={what} error={result.error} onRetry={() => void result.refetch()} retrying={result.isFetching} />;
  }
  return (
    <LoadingRegion label={`Loading ${what}…`} className="space-y-3">
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-48 w-full" />
    </LoadingRegion>
  );
}
