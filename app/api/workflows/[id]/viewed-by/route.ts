import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { revealsByOutput } from '@/lib/audit/audit';
import { apiRoute } from '@/lib/http/route';
import { toBlobReveal, type WorkflowViewedByAnswer } from '@/lib/media/api';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';

/**
 * Who revealed each output of a workflow, from the audit log alone (no upstream read): the review panel lists it so a
 * moderator sees what colleagues already looked at before opening anything. Moderators and above.
 */
export const GET = apiRoute({
  name: 'GET /api/workflows/[id]/viewed-by',
  role: PERMISSIONS.revealGatedMedia,
  params: z.object({ id: WorkflowIdSchema }),
  handler: async ({ params: { id }, user }): Promise<WorkflowViewedByAnswer> => ({
    workflowId: id,
    outputs: (await revealsByOutput(user, id)).map(({ blobId, reveals }) => ({ blobId, reveals: reveals.map(toBlobReveal) })),
  }),
});
