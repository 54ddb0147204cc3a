import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { consoleUpstream } from '@/lib/orchestrator/writes';
import { CivitaiUserIdSchema } from '@/lib/orchestrator/list-query';
import { reviewStrikes } from '@/lib/orchestrator/strikes';
import { strikesReviewRequestSchema } from '@/lib/review/requests';
import { audited } from '@/lib/review/server';
import type { StrikesReviewAnswer } from '@/lib/users/api';
import { upstreamModeratorId } from '@/lib/users/strikes';

/** Marks a Civitai user's strikes reviewed upstream with the senior's notes (audited; sent once, never retried). */
export const POST = apiRoute({
  name: 'POST /api/users/[userId]/strikes/review',
  role: PERMISSIONS.reviewStrikes,
  params: z.object({ userId: CivitaiUserIdSchema }),
  handler: async ({ params: { userId }, request, user, ctx }): Promise<StrikesReviewAnswer> => {
    const { notes } = await readJsonBody(request, strikesReviewRequestSchema);
    const moderatorId = upstreamModeratorId(user.id);
    await audited(
      { actor: user, action: 'strikes_review', targetType: 'user', targetId: userId, reason: notes, detail: { moderatorId }, ...requestMeta(request.headers) },
      () => reviewStrikes(consoleUpstream(ctx), userId, { moderatorId, notes }),
    );
    return { reviewed: true, moderatorId };
  },
});
