import { apiRoute } from '@/lib/http/route';
import { ConsoleError } from '@/lib/console-error';

/**
 * Where proxy.ts sends a server action post that fails the request guard: apiRoute's guard refuses it again here,
 * audits it once and answers 403 problem+json. Called directly from the console's own origin, it is nothing.
 */
export const POST = apiRoute({
  name: 'POST /api/refused',
  handler: async () => {
    throw new ConsoleError('not_found', 'Nothing here.');
  },
});
