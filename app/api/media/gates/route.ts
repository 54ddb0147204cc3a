import type { MediaGatesAnswer } from '@/lib/media/api';
import { mediaJson } from '@/lib/media/headers';
import { scanThresholds } from '@/lib/moderation/config';
import { mediaCollectionRoute, readWorkflowId } from '@/lib/media/route';
import { workflowGates } from '@/lib/review/reads';
import { invalidInput } from '@/lib/orchestrator/errors';
import { orchestrator } from '@/lib/orchestrator/instance';

/** `?workflowId=`: the gate of every blob of that workflow for the signed-in reviewer (no pixels, no upstream bytes). */
export const GET = mediaCollectionRoute('GET /api/media/gates', async ({ user, request }) => {
  const workflow = readWorkflowId(new URL(request.url));
  if (!workflow.ok) return workflow.response;
  if (!workflow.workflowId) throw invalidInput('workflowId', '`workflowId` is required.');
  const gates = await workflowGates(user, workflow.workflowId, orchestrator().context(request.signal));
  return mediaJson({ workflowId: workflow.workflowId, gates, thresholds: scanThresholds() } satisfies MediaGatesAnswer);
});
