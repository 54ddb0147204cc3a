import { PERMISSIONS } from '@/lib/auth/roles';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import type { SyncResponse } from '@/lib/review/api-types';
import { syncRequestSchema } from '@/lib/review/requests';
import { mirrorReviewTag } from '@/lib/review/server';

/** Retries the upstream review tag of a workflow whose decisions are "not synced". */
export const POST = apiRoute({
  name: 'POST /api/decisions/sync',
  role: PERMISSIONS.recordDecision,
  handler: async ({ request, user }): Promise<SyncResponse> => {
    const { workflowId } = await readJsonBody(request, syncRequestSchema);
    return { sync: await mirrorReviewTag(user, workflowId) };
  },
});
