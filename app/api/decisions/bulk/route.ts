import { PERMISSIONS } from '@/lib/auth/roles';
import { recordDecisions } from '@/lib/review/decision-store';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import type { BulkDecisionResponse } from '@/lib/review/api-types';
import { holdersOtherThan, releaseClaim } from '@/lib/review/claims';
import { bulkDecisionRequestSchema } from '@/lib/review/requests';
import { mirrorReviewTag, reasonCodes, requireDecisionSubjects } from '@/lib/review/server';

/**
 * One verdict on a batch of clear-cut workflows; a conflict on one leaves the others recorded. A workflow another
 * reviewer holds is theirs to decide: it is left out and answered as claimed, naming them; the decider's own claims
 * end with their decisions.
 */
export const POST = apiRoute({
  name: 'POST /api/decisions/bulk',
  role: PERMISSIONS.recordDecision,
  handler: async ({ request, user, ctx }): Promise<BulkDecisionResponse> => {
    const { items, kind, reasonCode, note } = await readJsonBody(request, bulkDecisionRequestSchema(reasonCodes()));
    await requireDecisionSubjects(items.map((item) => ({ workflowId: item.workflowId, blobId: null })), ctx);
    const heldByOthers = await holdersOtherThan(user, items.map((item) => item.workflowId));
    const recorded = await recordDecisions(
      user,
      items.filter((item) => !heldByOthers.has(item.workflowId)).map((item) => ({ ...item, blobId: null, kind, reasonCode, note })),
      requestMeta(request.headers),
    );
    const results: BulkDecisionResponse['results'] = [...heldByOthers].map(([workflowId, by]) => ({ workflowId, outcome: 'claimed', by }));
    // One after another: the upstream sees a moderator's pace, not a burst of 50 writes.
    for (const { workflowId, outcome } of recorded) {
      if (outcome.kind === 'conflict') {
        results.push({ workflowId, outcome: 'conflict', current: outcome.current });
        continue;
      }
      await releaseClaim(user, workflowId);
      results.push({ workflowId, outcome: 'recorded', decision: outcome.decision, sync: await mirrorReviewTag(user, workflowId) });
    }
    return { results };
  },
});
