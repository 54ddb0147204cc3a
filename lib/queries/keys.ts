import type { OverviewWindow } from '@/lib/risk-index/overview-window';
import type { WorkflowFilters } from '@/lib/workflows/filters';

/**
 * Every React Query key of the console, in one place. The server prefetch and the browser read the same keys
 * through the factories in this folder; nothing else spells a key.
 */
export const queryKeys = {
  workflows: ['workflows'] as const,
  workflowList: (filters: Partial<WorkflowFilters>) => ['workflows', 'list', filters] as const,
  workflow: (id: string) => ['workflows', 'detail', id] as const,
  job: (id: string) => ['jobs', 'detail', id] as const,
  userRisk: (userId: string) => ['users', userId, 'risk'] as const,
  userStrikes: (userId: string) => ['users', userId, 'strikes'] as const,
  userHistory: (userId: string) => ['users', userId, 'history'] as const,
  status: ['status'] as const,
  watchedUsers: ['risk-index', 'watched-users'] as const,
  overviews: ['risk-index', 'overview'] as const,
  overview: (window: OverviewWindow) => ['risk-index', 'overview', window] as const,
  /** The gates of a workflow's outputs (GET /api/media/gates): the page seeds it, so tiles load previews with the HTML. */
  mediaGates: (workflowId: string) => ['media', 'gates', workflowId] as const,
  allMediaGates: ['media', 'gates'] as const,
  mediaPreferences: ['media', 'preferences'] as const,
  blobViewedBy: (blobId: string) => ['media', 'viewed-by', blobId] as const,
  workflowViewedBy: (workflowId: string) => ['media', 'viewed-by', 'workflow', workflowId] as const,
  reviewState: (workflowId: string) => ['review', 'state', workflowId] as const,
  /** `search` is the queue page's query string. */
  reviewQueue: (search: string) => ['review', 'queue', search] as const,
  exposureToday: ['exposure', 'today'] as const,
  teamStats: (window: OverviewWindow) => ['team', 'stats', window] as const,
};
