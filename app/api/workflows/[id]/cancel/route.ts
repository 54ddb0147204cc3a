import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { cancelWorkflow, consoleUpstream } from '@/lib/orchestrator/writes';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';
import { cancelRequestSchema } from '@/lib/review/requests';
import { audited } from '@/lib/review/server';

/** Cancels a running workflow upstream (senior). */
export const POST = apiRoute({
  name: 'POST /api/workflows/[id]/cancel',
  role: PERMISSIONS.cancelWorkflow,
  params: z.object({ id: WorkflowIdSchema }),
  handler: async ({ params: { id }, request, user, ctx }): Promise<{ canceled: true }> => {
    const { reason } = await readJsonBody(request, cancelRequestSchema);
    const meta = requestMeta(request.headers);
    await audited({ actor: user, action: 'cancel', targetType: 'workflow', targetId: id, workflowId: id, reason, ...meta }, () =>
      cancelWorkflow(consoleUpstream(ctx), id),
    );
    return { canceled: true };
  },
});
