import { PERMISSIONS } from '@/lib/auth/roles';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { requestMeta } from '@/lib/request/request-meta';
import type { ClaimResponse, ReleaseResponse } from '@/lib/review/api-types';
import { claimWorkflow, ClaimRequestSchema, releaseClaim, ReleaseRequestSchema, requireClaimableWorkflow } from '@/lib/review/claims';

/**
 * `POST {workflowId, renew?, takeOver?, undecidedSince?}` claims a queue item for the caller (200 with the claim, 409
 * naming who holds it or who decided it since the queue was collected, 404 for a workflow that does not exist);
 * `DELETE {workflowId}` releases the caller's claim.
 */
export const POST = apiRoute({
  name: 'POST /api/queue/claim',
  role: PERMISSIONS.recordDecision,
  handler: async ({ request, user, ctx }): Promise<ClaimResponse> => {
    const body = await readJsonBody(request, ClaimRequestSchema);
    // A renewal is of a claim already made on a workflow already checked.
    if (!body.renew) await requireClaimableWorkflow(body.workflowId, ctx);
    return { claim: await claimWorkflow(user, body, requestMeta(request.headers)) };
  },
});

export const DELETE = apiRoute({
  name: 'DELETE /api/queue/claim',
  role: PERMISSIONS.recordDecision,
  handler: async ({ request, user }): Promise<ReleaseResponse> => {
    const { workflowId } = await readJsonBody(request, ReleaseRequestSchema);
    return { released: await releaseClaim(user, workflowId) };
  },
});
