import { queryOptions } from '@tanstack/react-query';
import type { JobDetail } from '@/lib/orchestrator/types';
import { fetchJson } from './fetch-json';
import { queryKeys } from './keys';

export const jobQueries = {
  detail: (id: string) =>
    queryOptions({
      queryKey: queryKeys.job(id),
      queryFn: ({ signal }) => fetchJson<JobDetail>(`/api/jobs/${encodeURIComponent(id)}`, signal),
    }),
};
