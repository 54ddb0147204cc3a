import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { revealsOnUser } from '@/lib/db/audit';
import { decisionsOnUser } from '@/lib/db/decisions';
import { apiRoute } from '@/lib/http/route';
import { toBlobReveal } from '@/lib/media/api';
import { CivitaiUserIdSchema } from '@/lib/orchestrator/list-query';
import { USER_HISTORY_LIMIT, type UserHistoryAnswer } from '@/lib/users/api';

/** The team's past decisions on a Civitai user's workflows and who revealed what, newest first (moderators and above). */
export const GET = apiRoute({
  name: 'GET /api/users/[userId]/history',
  role: PERMISSIONS.revealGatedMedia,
  params: z.object({ userId: CivitaiUserIdSchema }),
  handler: async ({ params: { userId }, user }): Promise<UserHistoryAnswer> => {
    const [decisions, reveals] = await Promise.all([decisionsOnUser(user, Number(userId), USER_HISTORY_LIMIT), revealsOnUser(user, Number(userId), USER_HISTORY_LIMIT)]);
    return {
      userId,
      decisions,
      reveals: reveals.map((reveal) => ({ ...toBlobReveal(reveal), workflowId: reveal.workflowId, targetType: reveal.targetType, targetId: reveal.targetId })),
    };
  },
});
