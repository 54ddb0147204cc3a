import { exposureToday } from '@/lib/audit/audit';
import { apiRoute } from '@/lib/http/route';

/** The header's "Revealed today" for the signed-in moderator: refetched after each reveal. */
export const GET = apiRoute({
  name: 'GET /api/exposure',
  role: 'moderator',
  handler: async ({ user }) => ({ revealedToday: await exposureToday(user, user.id) }),
});
