import { apiRoute } from '@/lib/http/route';
import { readConsoleStatus } from '@/lib/risk-index/status';

/**
 * Upstream reachability and latency, breaker state, which token class and which upstream and database are configured,
 * and the risk index (workflows and outputs held, follower lag, backfill done, last error).
 */
export const GET = apiRoute({
  name: 'GET /api/status',
  handler: ({ ctx }) => readConsoleStatus(ctx),
});
