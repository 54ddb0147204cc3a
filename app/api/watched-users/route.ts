import { PERMISSIONS } from '@/lib/auth/roles';
import { apiRoute } from '@/lib/http/route';
import { watchedUsers } from '@/lib/risk-index/watch';

/** The Civitai users the risk index follows, and why (admins). */
export const GET = apiRoute({
  name: 'GET /api/watched-users',
  role: PERMISSIONS.manageUsers,
  handler: async () => ({ users: await watchedUsers() }),
});
