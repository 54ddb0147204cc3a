import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';

/**
 * One QueryClient configuration for the server render and the browser. The server already retries the upstream
 * (with backoff, a breaker and a deadline), so the browser retries only when it could not reach the console at all.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Hydrated data is fresh for a while: no second request right after the server rendered it.
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => error instanceof ApiError && error.status === 0 && failureCount < 2,
      },
    },
  });
}
