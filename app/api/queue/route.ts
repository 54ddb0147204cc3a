import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http/route';
import { invalidInput } from '@/lib/orchestrator/errors';
import { LIST_REPEATABLE, WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import type { QueueResponse } from '@/lib/review/api-types';
import { QUEUE_PRESET_IDS, QUEUE_PRESETS } from '@/lib/review/queue';
import { buildQueue } from '@/lib/review/queue-source';

/** `?preset=<id>`, or the workflows screen's own search parameters (any search can be worked as a queue). */
const QueueQuerySchema = z.union([
  z.object({ preset: z.enum(QUEUE_PRESET_IDS) }).strict(),
  WorkflowListQuerySchema.transform((request) => ({ request })),
]);

/** The items of a triage queue, and how many decisions the caller made today. */
export const GET = apiRoute({
  name: 'GET /api/queue',
  role: PERMISSIONS.recordDecision,
  query: QueueQuerySchema,
  repeatable: LIST_REPEATABLE,
  handler: async ({ query, user, ctx, request }): Promise<QueueResponse> => {
    // A mistyped preset falls through to the search branch, which would make it "every workflow": refuse it.
    if (!('preset' in query) && new URL(request.url).searchParams.has('preset')) {
      throw invalidInput('preset', `\`preset\` must be one of ${QUEUE_PRESET_IDS.join(', ')}.`);
    }
    if ('preset' in query) {
      // Checked (and a refusal audited) by the same guard as every route.
      await requireRole(QUEUE_PRESETS[query.preset].minimumRole);
      return buildQueue(user, { kind: 'preset', preset: query.preset }, ctx);
    }
    return buildQueue(user, { kind: 'search', request: query.request }, ctx);
  },
});
