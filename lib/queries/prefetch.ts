import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { isJobId, isWorkflowId } from '@/lib/orchestrator/ids';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import { can } from '@/lib/auth/roles';
import type { SessionUser } from '@/lib/auth/session-user';
import type { JobEvidence } from '@/lib/moderation/read-model';
import type { WorkflowEvidence } from '@/lib/moderation/workflow-evidence';
import { listWorkflowsWithRisk } from '@/lib/risk-index/list';
import { readRiskOverview } from '@/lib/risk-index/overview';
import type { OverviewWindow } from '@/lib/risk-index/overview-window';
import { readConsoleStatus } from '@/lib/risk-index/status';
import { readUserRisk } from '@/lib/users/risk-from-index';
import { toListAnswer } from '@/lib/workflows/workflow-row';
import { scanThresholds } from '@/lib/moderation/config';
import type { UpstreamStatus } from '@/lib/orchestrator/types';
import type { MediaGatesAnswer } from '@/lib/media/api';
import { gateViews, readJobEvidence, readWorkflowEvidence } from '@/lib/review/reads';
import { readUserHistory } from '@/lib/users/history';
import { readUserStrikes } from '@/lib/users/strikes';
import { readTeamStats } from '@/lib/team/stats';
import { queryKeys } from './keys';
import { jobQueries } from './jobs';
import { overviewQueries } from './overview';
import { getServerQueryClient } from './server';
import { teamQueries } from './team';
import { statusQueries } from './status';
import { userQueries } from './users';
import { filtersToApiParams, type WorkflowFilters } from '@/lib/workflows/filters';
import { WORKFLOW_PAGE_SIZE, workflowQueries } from './workflows';

/**
 * Server pages fill the request's QueryClient with the same factories the browser uses (same keys), calling the
 * service functions the API routes call instead of our own HTTP routes. Input goes through the routes' own zod
 * schemas, so a page and its route accept exactly the same searches. A failure is left out of the cache: the
 * browser then asks the API itself and shows the error state with the route's readable ProblemDetails.
 */

/** One upstream budget (deadline) for everything a page render fetches, as a route handler has. */
const requestContext = cache(() => orchestrator().context());

/** The API parameters as a route handler reads them from a URL: strings, and `tags` as a list. */
function asRouteQuery(params: Record<string, string | number | boolean | readonly string[] | null | undefined>) {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    query[key] = Array.isArray(value) ? [...value] : String(value);
  }
  return query;
}

export async function prefetchWorkflowList(filters: Partial<WorkflowFilters>): Promise<void> {
  await getServerQueryClient().prefetchInfiniteQuery({
    ...workflowQueries.list(filters),
    queryFn: async ({ pageParam }) =>
      toListAnswer(
        await listWorkflowsWithRisk(
          WorkflowListQuerySchema.parse(asRouteQuery({ ...filtersToApiParams(filters), take: WORKFLOW_PAGE_SIZE, cursor: pageParam })),
          requestContext(),
          scanThresholds(),
        ),
      ),
  });
}

/**
 * Everything the user page shows, read in parallel in the server render: the risk overview from the index and, for
 * moderators, the strikes (one upstream read) and the team's history. The page has checked the id.
 */
export async function prefetchUserPage(user: SessionUser, userId: string): Promise<void> {
  const queryClient = getServerQueryClient();
  const reads = [queryClient.prefetchQuery({ ...userQueries.risk(userId), queryFn: () => readUserRisk(userId, scanThresholds()) })];
  if (can(user.role, 'readStrikes')) {
    reads.push(
      queryClient.prefetchQuery({ ...userQueries.strikes(userId), queryFn: () => readUserStrikes(user, userId, requestContext()) }),
      queryClient.prefetchQuery({ ...userQueries.history(userId), queryFn: () => readUserHistory(user, userId) }),
    );
  }
  await Promise.all(reads);
}

/**
 * Fetches into the cache and answers the data, or null when it failed for a reason the browser should show (the
 * upstream is down). An id of the wrong shape, or an upstream 404 / 410, is the screen's not-found page.
 */
async function fetchOrNotFound<T>(valid: boolean, fetch: () => Promise<T>): Promise<T | null> {
  if (!valid) notFound();
  try {
    return await fetch();
  } catch (error) {
    const kind = errorKind(error);
    if (kind === 'not_found' || kind === 'gone') notFound();
    return null;
  }
}

/**
 * The kind of an OrchestratorError, read by shape: the client lives on globalThis and may have been created by
 * another bundle's copy of the error class (a route handler's), where `instanceof` would say no.
 */
function errorKind(error: unknown): string | null {
  return error instanceof Error && error.name === 'OrchestratorError' && 'kind' in error ? String(error.kind) : null;
}

/**
 * The workflow as this reviewer sees it, and the live gates of its outputs decided from the same read: the tiles
 * then ask for their previews with the HTML, with no round trip to /api/media/gates first.
 */
export async function prefetchWorkflow(user: SessionUser, id: string): Promise<WorkflowEvidence | null> {
  const queryClient = getServerQueryClient();
  const evidence = await fetchOrNotFound(isWorkflowId(id), () =>
    queryClient.fetchQuery({ ...workflowQueries.detail(id), queryFn: () => readWorkflowEvidence(user, id, requestContext()) }),
  );
  if (evidence) {
    const gates = await gateViews(user, evidence.blobs.map((row) => row.risk)).catch(() => null);
    if (gates) queryClient.setQueryData<MediaGatesAnswer>(queryKeys.mediaGates(id), { workflowId: id, gates, thresholds: scanThresholds() });
  }
  return evidence;
}

export function prefetchJob(id: string): Promise<JobEvidence | null> {
  return fetchOrNotFound(isJobId(id), () =>
    getServerQueryClient().fetchQuery({ ...jobQueries.detail(id), queryFn: () => readJobEvidence(id, requestContext()) }),
  );
}

export async function prefetchStatus(): Promise<UpstreamStatus | null> {
  try {
    return await getServerQueryClient().fetchQuery({
      ...statusQueries.upstream(),
      queryFn: () => readConsoleStatus(requestContext()),
    });
  } catch {
    return null;
  }
}

/** The risk overview of the landing page, from the index; a failure is left to the browser's error state. */
/** The leads' view, read the way GET /api/stats reads it, so the page renders with its figures. */
export async function prefetchTeamStats(user: SessionUser, window: OverviewWindow): Promise<void> {
  await getServerQueryClient().prefetchQuery({ ...teamQueries.stats(window), queryFn: () => readTeamStats(user, window, scanThresholds()) });
}

export async function prefetchOverview(window: OverviewWindow): Promise<void> {
  await getServerQueryClient().prefetchQuery({ ...overviewQueries.window(window), queryFn: () => readRiskOverview(window, scanThresholds()) });
}
