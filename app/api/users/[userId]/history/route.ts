import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { apiRoute } from '@/lib/http/route';
import { CivitaiUserIdSchema } from '@/lib/orchestrator/list-query';
import { readUserHistory } from '@/lib/users/history';

/** The team's past decisions on a Civitai user's workflows and who revealed what, newest first (moderators and above). */
export const GET = apiRoute({
  name: 'GET /api/users/[userId]/history',
  role: PERMISSIONS.revealGatedMedia,
  params: z.object({ userId: CivitaiUserIdSchema }),
  handler: ({ params: { userId }, user }) => readUserHistory(user, userId),
});
