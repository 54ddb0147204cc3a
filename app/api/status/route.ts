import { apiRoute } from '@/lib/http/route';
import { readUpstreamStatus } from '@/lib/orchestrator/service';

/** Upstream reachability and latency, breaker state, which token class and which upstream and database are configured. */
export const GET = apiRoute({
  name: 'GET /api/status',
  handler: ({ ctx }) => readUpstreamStatus(ctx),
});
