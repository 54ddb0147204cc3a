import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { decisionHistory, recordDecision, reviewStates } from '@/lib/review/decision-store';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';
import type { DecisionResponse, ReviewStateResponse } from '@/lib/review/api-types';
import { releaseClaim, requireNotClaimedByOthers } from '@/lib/review/claims';
import { decisionRequestSchema } from '@/lib/review/requests';
import { mirrorReviewTag, reasonCodes, requireDecisionSubjects } from '@/lib/review/server';

/** A workflow's decisions in force (on it and its outputs), their upstream sync state, and the full history. */
export const GET = apiRoute({
  name: 'GET /api/decisions',
  role: PERMISSIONS.readWorkflows,
  query: z.object({ workflowId: WorkflowIdSchema }),
  handler: async ({ query, user }): Promise<ReviewStateResponse> => {
    const [states, history] = await Promise.all([reviewStates(user, [query.workflowId]), decisionHistory(user, query.workflowId)]);
    return { review: states.get(query.workflowId)!, history };
  },
});

/**
 * Records a decision (stored and audited first), then mirrors it upstream as the workflow's review tag. A workflow
 * another reviewer has claimed is theirs to decide (409 naming them); the decider's own claim ends with the decision.
 */
export const POST = apiRoute({
  name: 'POST /api/decisions',
  role: PERMISSIONS.recordDecision,
  handler: async ({ request, user, ctx }): Promise<DecisionResponse> => {
    const body = await readJsonBody(request, decisionRequestSchema(reasonCodes()));
    await requireDecisionSubjects([body], ctx);
    await requireNotClaimedByOthers(user, body.workflowId);
    const outcome = await recordDecision(user, body, requestMeta(request.headers));
    if (outcome.kind === 'conflict') return { outcome: 'conflict', current: outcome.current };
    await releaseClaim(user, body.workflowId);
    return { outcome: 'recorded', decision: outcome.decision, sync: await mirrorReviewTag(user, body.workflowId) };
  },
});
