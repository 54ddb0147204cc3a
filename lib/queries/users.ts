import { infiniteQueryOptions } from '@tanstack/react-query';
import type { WorkflowPage } from '@/lib/orchestrator/types';
import { apiPath, fetchJson } from './fetch-json';
import { queryKeys } from './keys';

/** Workflows read per page for a user's risk overview. */
export const USER_PAGE_SIZE = 50;

export const userQueries = {
  /** A user's whole history, page by page through the manager endpoint; the overview stops at its own bound. */
  workflows: (userId: string) =>
    infiniteQueryOptions({
      queryKey: queryKeys.userWorkflows(userId),
      queryFn: ({ pageParam, signal }) =>
        fetchJson<WorkflowPage>(
          apiPath(`/api/users/${encodeURIComponent(userId)}/workflows`, { take: USER_PAGE_SIZE, cursor: pageParam }),
          signal,
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.next,
    }),
};
