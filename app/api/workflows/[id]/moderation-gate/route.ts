import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';
import type { ModerationGateResponse } from '@/lib/review/api-types';
import { decideWorkflowGate } from '@/lib/review/moderation-gate';
import { moderationGateRequestSchema } from '@/lib/review/requests';

/**
 * Approves or denies the workflow's pending moderation gate upstream (senior), audited. A gate already decided
 * elsewhere answers 409 with the detail "Already decided elsewhere".
 */
export const POST = apiRoute({
  name: 'POST /api/workflows/[id]/moderation-gate',
  role: PERMISSIONS.decideModerationGate,
  params: z.object({ id: WorkflowIdSchema }),
  handler: async ({ params: { id }, request, user, ctx }): Promise<ModerationGateResponse> => {
    const body = await readJsonBody(request, moderationGateRequestSchema);
    return decideWorkflowGate(user, id, body, requestMeta(request.headers), ctx);
  },
});
