import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { WorkflowEvidence } from '@/lib/moderation/workflow-evidence';
import type { WorkflowListAnswer } from '@/lib/workflows/workflow-row';
import { apiPath, fetchJson } from './fetch-json';
import { queryKeys } from './keys';
import { filtersToApiParams, type WorkflowFilters } from '@/lib/workflows/filters';

/** Rows per page of the workflows list (the API's bound). */
export const WORKFLOW_PAGE_SIZE = 50;

/**
 * Query factories for workflows. Each returns the key and the browser's fetcher (our /api routes); a server page
 * prefetches with the same factory and swaps in a queryFn that calls lib/ directly.
 */
export const workflowQueries = {
  list: (filters: Partial<WorkflowFilters>) =>
    infiniteQueryOptions({
      queryKey: queryKeys.workflowList(filters),
      queryFn: ({ pageParam, signal }) =>
        fetchJson<WorkflowListAnswer>(
          apiPath('/api/workflows', { ...filtersToApiParams(filters), take: WORKFLOW_PAGE_SIZE, cursor: pageParam }),
          signal,
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.next,
    }),

  detail: (id: string) =>
    queryOptions({
      queryKey: queryKeys.workflow(id),
      queryFn: ({ signal }) => fetchJson<WorkflowEvidence>(`/api/workflows/${encodeURIComponent(id)}`, signal),
    }),
};
