import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { approveExposure } from '@/lib/moderation/exposure';
import { requestMeta } from '@/lib/request/request-meta';

const ApprovalSchema = z
  .object({
    userId: z.string().trim().min(1).max(200),
    /** More tier-2/3 reveals allowed for the rest of the UTC day. */
    extra: z.number().int().min(1).max(100),
    reason: z.string().trim().min(8, 'say why in at least 8 characters').max(2_000),
  })
  .strict();

/** A senior allows a reviewer who reached REVEAL_DAILY_CAP more reveals today (audited); answers the new allowance. */
export const POST = apiRoute({
  name: 'POST /api/exposure/approvals',
  role: PERMISSIONS.approveExposure,
  handler: async ({ request, user }) => {
    const body = await readJsonBody(request, ApprovalSchema);
    return { allowance: await approveExposure(user, body.userId, body.extra, body.reason, requestMeta(request.headers)) };
  },
});
