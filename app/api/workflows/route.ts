import { apiRoute } from '@/lib/http/route';
import { scanThresholds } from '@/lib/moderation/config';
import { LIST_REPEATABLE, WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import { listWorkflowsWithRisk } from '@/lib/risk-index/list';
import { watchOnBehalf } from '@/lib/risk-index/watch';
import { toListAnswer } from '@/lib/workflows/workflow-row';

/**
 * Workflows by user, end user, tags, text, dates and status, each as a list row with its indexed risk;
 * `minRisk`/`sort=risk` are answered from the risk index. `next` is an opaque cursor for the following page.
 */
export const GET = apiRoute({
  name: 'GET /api/workflows',
  query: WorkflowListQuerySchema,
  repeatable: LIST_REPEATABLE,
  handler: async ({ query, user, ctx }) => {
    await watchOnBehalf(query.search.userId, user.id, 'searched');
    return toListAnswer(await listWorkflowsWithRisk(query, ctx, scanThresholds()));
  },
});
