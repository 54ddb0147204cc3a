import { PERMISSIONS } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http/route';
import { LIST_REPEATABLE } from '@/lib/orchestrator/list-query';
import type { QueueResponse } from '@/lib/review/api-types';
import { QUEUE_PRESETS } from '@/lib/review/queue';
import { QueueQuerySchema, queueSpecOf } from '@/lib/review/queue-query';
import { buildQueue } from '@/lib/review/queue-source';

/** The items of a triage queue, and how many decisions the caller made today. */
export const GET = apiRoute({
  name: 'GET /api/queue',
  role: PERMISSIONS.recordDecision,
  query: QueueQuerySchema,
  repeatable: LIST_REPEATABLE,
  handler: async ({ query, user, ctx, request }): Promise<QueueResponse> => {
    const spec = queueSpecOf(query, new URL(request.url));
    // Checked (and a refusal audited) by the same guard as every route.
    if (spec.kind === 'preset') await requireRole(QUEUE_PRESETS[spec.preset].minimumRole, request);
    return buildQueue(user, spec, ctx);
  },
});
