import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { CivitaiUserIdSchema, LIST_REPEATABLE, UserWorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import { searchWorkflows } from '@/lib/orchestrator/upstream-reads';

/** A Civitai user's workflows (the manager endpoint), with the same filters as /api/workflows. */
export const GET = apiRoute({
  name: 'GET /api/users/[userId]/workflows',
  params: z.object({ userId: CivitaiUserIdSchema }),
  query: UserWorkflowListQuerySchema,
  repeatable: LIST_REPEATABLE,
  handler: ({ params, query, ctx }) =>
    searchWorkflows({ ...query, search: { ...query.search, userId: params.userId } }, ctx),
});
