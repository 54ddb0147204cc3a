import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';
import { readWorkflowEvidence } from '@/lib/review/reads';

/**
 * One workflow with its steps, each job's scan evidence, each output's own score and gate tier for this reviewer, and
 * the workflow's risk summary; `partial: true` when parts failed.
 */
export const GET = apiRoute({
  name: 'GET /api/workflows/[id]',
  params: z.object({ id: WorkflowIdSchema }),
  handler: ({ params, user, ctx }) => readWorkflowEvidence(user, params.id, ctx),
});
