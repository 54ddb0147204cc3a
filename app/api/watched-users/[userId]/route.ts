import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { appendAudit } from '@/lib/audit/audit';
import { requestMeta } from '@/lib/request/request-meta';
import { apiRoute } from '@/lib/http/route';
import { CivitaiUserIdSchema } from '@/lib/orchestrator/list-query';
import { ConsoleError } from '@/lib/console-error';
import { unwatchUser, watchUser } from '@/lib/risk-index/watch';

const params = z.object({ userId: CivitaiUserIdSchema });

/** Has the risk index follow a Civitai user through the manager list (moderators; audited; idempotent). */
export const PUT = apiRoute({
  name: 'PUT /api/watched-users/[userId]',
  role: PERMISSIONS.watchUsers,
  params,
  handler: async ({ params, user, request }) => {
    await watchUser(Number(params.userId), user.id, 'watched');
    await appendAudit({ actor: user, action: 'user_watch', targetType: 'user', targetId: params.userId, ...requestMeta(request.headers) });
    return { watched: params.userId };
  },
});

/** Stops the risk index following a Civitai user (moderators; audited). What was indexed stays until retention. */
export const DELETE = apiRoute({
  name: 'DELETE /api/watched-users/[userId]',
  role: PERMISSIONS.watchUsers,
  params,
  handler: async ({ params, user, request }) => {
    if (!(await unwatchUser(Number(params.userId)))) throw new ConsoleError('not_found', 'This user is not watched.');
    await appendAudit({ actor: user, action: 'user_unwatch', targetType: 'user', targetId: params.userId, ...requestMeta(request.headers) });
    return { unwatched: params.userId };
  },
});
