import type { WorkflowFilters } from './workflow-filters';

const workflowDetails = ['workflows', 'detail'] as const;

/**
 * Every React Query key of the console, in one place. The server prefetch and the browser read the same keys
 * through the factories in this folder; nothing else spells a key.
 */
export const queryKeys = {
  workflows: ['workflows'] as const,
  workflowList: (filters: Partial<WorkflowFilters>) => ['workflows', 'list', filters] as const,
  workflowDetails,
  workflow: (id: string) => [...workflowDetails, id] as const,
  job: (id: string) => ['jobs', 'detail', id] as const,
  userWorkflows: (userId: string) => ['users', userId, 'workflows'] as const,
  status: ['status'] as const,
  exposureToday: ['exposure', 'today'] as const,
};

/** True when `key` starts with `prefix` (e.g. any workflow drill-down). */
export function keyStartsWith(key: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((part, index) => key[index] === part);
}
