import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { StepNameSchema, WorkflowIdSchema } from '@/lib/orchestrator/ids';
import { readWorkflowStep } from '@/lib/orchestrator/upstream-reads';

export const GET = apiRoute({
  name: 'GET /api/workflows/[id]/steps/[step]',
  params: z.object({ id: WorkflowIdSchema, step: StepNameSchema }),
  handler: ({ params, ctx }) => readWorkflowStep(params.id, params.step, ctx),
});
