import { PERMISSIONS } from '@/lib/auth/roles';
import { undoDecision } from '@/lib/review/decision-store';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import type { UndoResponse } from '@/lib/review/api-types';
import { describeUndoProblem } from '@/lib/review/history';
import { undoRequestSchema } from '@/lib/review/requests';
import { mirrorReviewTag } from '@/lib/review/server';

/** Takes back the caller's latest decision within 10 seconds; the upstream tag follows. */
export const POST = apiRoute({
  name: 'POST /api/decisions/undo',
  role: PERMISSIONS.recordDecision,
  handler: async ({ request, user }): Promise<UndoResponse> => {
    const { decisionId } = await readJsonBody(request, undoRequestSchema);
    const outcome = await undoDecision(user, decisionId, requestMeta(request.headers));
    if (outcome.kind === 'refused') return { outcome: 'refused', message: describeUndoProblem(outcome.problem) };
    return { outcome: 'undone', undo: outcome.undo, sync: await mirrorReviewTag(user, outcome.undo.workflowId) };
  },
});
