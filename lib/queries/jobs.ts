import { queryOptions } from '@tanstack/react-query';
import type { JobEvidence } from '@/lib/moderation/read-model';
import { fetchJson } from './fetch-json';
import { queryKeys } from './keys';

export const jobQueries = {
  detail: (id: string) =>
    queryOptions({
      queryKey: queryKeys.job(id),
      queryFn: ({ signal }) => fetchJson<JobEvidence>(`/api/jobs/${encodeURIComponent(id)}`, signal),
    }),
};
