import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { apiRoute, validateInput } from '@/lib/http/route';
import { LIST_REPEATABLE, WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import { liveStream, pollLive, type LiveScope } from '@/lib/review/live';
import { QUEUE_PRESETS } from '@/lib/review/queue';
import { PresetQuerySchema, SimilarQueueQuerySchema } from '@/lib/review/queue-query';
import { LiveCursorSchema } from '@/lib/risk-index/live';

/**
 * The live queue channel. `GET /api/live?<queue or list query>` streams server-sent events; with `poll=1` it answers
 * once as JSON (the fallback when a stream cannot stay open). `after` (or the Last-Event-ID header on a reconnect)
 * resumes from a point the console gave out; without either the stream starts now. Every answer carries the live
 * claims (presence). No queue query: the counts and claims, once, as JSON, unless `presence=1` asks for the stream
 * (a workflow page showing who is reviewing it).
 */
const LiveQuerySchema = z.looseObject({
  after: LiveCursorSchema.optional(),
  poll: z.literal('1', 'must be 1').optional(),
  presence: z.literal('1', 'must be 1').optional(),
});

export const GET = apiRoute({
  name: 'GET /api/live',
  role: PERMISSIONS.readWorkflows,
  query: LiveQuerySchema,
  repeatable: LIST_REPEATABLE,
  handler: async ({ query, user, request }) => {
    const { after, poll, presence, ...scopeQuery } = query;
    const scope: LiveScope =
      Object.keys(scopeQuery).length === 0
        ? { kind: 'none' }
        : 'preset' in scopeQuery
          ? { kind: 'preset', preset: validateInput(PresetQuerySchema, scopeQuery).preset }
          : 'similar' in scopeQuery
            ? { kind: 'similar', blobId: validateInput(SimilarQueueQuerySchema, scopeQuery).similar }
            : { kind: 'search', request: validateInput(WorkflowListQuerySchema, scopeQuery) };
    if (scope.kind === 'preset') await requireRole(QUEUE_PRESETS[scope.preset].minimumRole, request);
    const lastEventId = request.headers.get('last-event-id');
    const start = lastEventId ? validateInput(z.object({ 'Last-Event-ID': LiveCursorSchema }), { 'Last-Event-ID': lastEventId })['Last-Event-ID'] : after;
    // Counts alone need no open connection: without a scope or presence the answer is always the JSON one.
    if (poll || (scope.kind === 'none' && !presence)) return pollLive(user, scope, start);
    return liveStream(user, scope, start, request.signal);
  },
});
