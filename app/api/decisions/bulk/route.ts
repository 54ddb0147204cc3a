import { PERMISSIONS } from '@/lib/auth/roles';
import { recordDecisions } from '@/lib/review/decision-store';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import type { BulkDecisionResponse } from '@/lib/review/api-types';
import { bulkDecisionRequestSchema } from '@/lib/review/requests';
import { mirrorReviewTag, reasonCodes, requireDecisionSubjects } from '@/lib/review/server';

/** One verdict on a batch of clear-cut workflows; a conflict on one leaves the others recorded. */
export const POST = apiRoute({
  name: 'POST /api/decisions/bulk',
  role: PERMISSIONS.recordDecision,
  handler: async ({ request, user, ctx }): Promise<BulkDecisionResponse> => {
    const { items, kind, reasonCode, note } = await readJsonBody(request, bulkDecisionRequestSchema(reasonCodes()));
    await requireDecisionSubjects(items.map((item) => ({ workflowId: item.workflowId, blobId: null })), ctx);
    const recorded = await recordDecisions(
      user,
      items.map((item) => ({ ...item, blobId: null, kind, reasonCode, note })),
      requestMeta(request.headers),
    );
    const results: BulkDecisionResponse['results'] = [];
    // One after another: the upstream sees a moderator's pace, not a burst of 50 writes.
    for (const { workflowId, outcome } of recorded) {
      results.push(
        outcome.kind === 'conflict'
          ? { workflowId, outcome: 'conflict', current: outcome.current }
          : { workflowId, outcome: 'recorded', decision: outcome.decision, sync: await mirrorReviewTag(user, workflowId) },
      );
    }
    return { results };
  },
});
