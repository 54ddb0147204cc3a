import { queryOptions } from '@tanstack/react-query';
import type { UpstreamStatus } from '@/lib/orchestrator/types';
import { fetchJson } from './fetch-json';
import { queryKeys } from './keys';

export const statusQueries = {
  upstream: () =>
    queryOptions({
      queryKey: queryKeys.status,
      queryFn: ({ signal }) => fetchJson<UpstreamStatus>('/api/status', signal),
      staleTime: 5_000,
    }),
};
