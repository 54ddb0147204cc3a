import { apiRoute } from '@/lib/http/route';
import { LIST_REPEATABLE, WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import { searchWorkflows } from '@/lib/orchestrator/service';

/** Workflows by user, end user, tags, text, dates and status; `next` is an opaque cursor for the following page. */
export const GET = apiRoute({
  name: 'GET /api/workflows',
  query: WorkflowListQuerySchema,
  repeatable: LIST_REPEATABLE,
  handler: ({ query, ctx }) => searchWorkflows(query, ctx),
});
