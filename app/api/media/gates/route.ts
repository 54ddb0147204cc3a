import { invalidInput } from '@/lib/console-error';
import { WorkflowHint } from '@/lib/http/media-route';
import { apiRoute } from '@/lib/http/route';
import type { MediaGatesAnswer } from '@/lib/media/api';
import { mediaJson } from '@/lib/media/headers';
import { scanThresholds } from '@/lib/moderation/config';
import { workflowGates } from '@/lib/review/reads';

/** `?workflowId=`: the gate of every blob of that workflow for the signed-in reviewer (no pixels, no upstream bytes). */
export const GET = apiRoute({
  name: 'GET /api/media/gates',
  media: true,
  query: WorkflowHint,
  handler: async ({ query, user, ctx }) => {
    if (!query.workflowId) throw invalidInput('workflowId', '`workflowId` is required.');
    const gates = await workflowGates(user, query.workflowId, ctx);
    return mediaJson({ workflowId: query.workflowId, gates, thresholds: scanThresholds() } satisfies MediaGatesAnswer);
  },
});
