import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { apiRoute } from '@/lib/http/route';
import { CivitaiUserIdSchema } from '@/lib/orchestrator/list-query';
import { readUserStrikes } from '@/lib/users/strikes';

/** A Civitai user's strikes (the manager endpoint), one row per strike, each blob gated on the server. Moderators and above. */
export const GET = apiRoute({
  name: 'GET /api/users/[userId]/strikes',
  role: PERMISSIONS.readStrikes,
  params: z.object({ userId: CivitaiUserIdSchema }),
  handler: ({ params: { userId }, user, ctx }) => readUserStrikes(user, userId, ctx),
});
