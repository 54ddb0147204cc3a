import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { consoleUpstream, taintJob } from '@/lib/orchestrator/writes';
import { JobIdSchema } from '@/lib/orchestrator/ids';
import { taintRequestSchema } from '@/lib/review/requests';
import { audited } from '@/lib/review/server';

/** Taints a job upstream with a reason (senior): `PUT /v1/consumer/jobs/{jobId}`. */
export const POST = apiRoute({
  name: 'POST /api/jobs/[id]/taint',
  role: PERMISSIONS.taintJob,
  params: z.object({ id: JobIdSchema }),
  handler: async ({ params: { id }, request, user, ctx }): Promise<{ tainted: true }> => {
    const { reason, workflowId } = await readJsonBody(request, taintRequestSchema);
    const meta = requestMeta(request.headers);
    await audited({ actor: user, action: 'taint', targetType: 'job', targetId: id, workflowId, reason, ...meta }, () =>
      // The upstream learns which console and moderator tainted the job; never their email.
      taintJob(consoleUpstream(ctx), id, { reason, context: { source: 'orchestration-review-console', moderatorId: user.id } }),
    );
    return { tainted: true };
  },
});
