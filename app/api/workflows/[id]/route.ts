import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';
import { readWorkflow } from '@/lib/orchestrator/service';

/** One workflow with its steps, each job's scan evidence and each blob's probe; `partial: true` when parts failed. */
export const GET = apiRoute({
  name: 'GET /api/workflows/[id]',
  params: z.object({ id: WorkflowIdSchema }),
  handler: ({ params, ctx }) => readWorkflow(params.id, ctx),
});
