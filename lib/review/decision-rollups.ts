import 'server-only';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '@/lib/auth/session-user';
import type { Database } from '@/lib/db/client';
import { decidedWorkflow, reviewerDay } from '@/lib/db/schema-review';
import { indexedWorkflow } from '@/lib/db/schema-risk';
import type { DecisionKind } from '@/lib/review/decision';
import type { DecisionRecord } from '@/lib/review/history';

/**
 * Counts a decision (not an undo) into the leads' figures, in the decision's transaction: the workflow's first and
 * latest decision, and the reviewer's day. It must agree with rebuild_team_figures() (migration 0011), which
 * recomputes the same figures from review_decisions; lib/team/stats.test.ts checks that they do.
 */
export async function countDecision(tx: Pick<Database, 'insert'>, user: SessionUser, decision: DecisionRecord, replaced: DecisionKind | null): Promise<void> {
  const at = new Date(decision.decidedAt);
  await tx
    .insert(decidedWorkflow)
    .values({
      workflowId: decision.workflowId,
      firstDecidedAt: at,
      lastDecidedAt: at,
      // Null while the index does not hold the completed workflow; the read looks it up in the index then.
      completedAt: sql`(select ${indexedWorkflow.completedAt} from ${indexedWorkflow} where ${indexedWorkflow.id} = ${decision.workflowId})`,
    })
    .onConflictDoUpdate({
      target: decidedWorkflow.workflowId,
      set: {
        firstDecidedAt: sql`least(${decidedWorkflow.firstDecidedAt}, excluded.first_decided_at)`,
        lastDecidedAt: sql`greatest(${decidedWorkflow.lastDecidedAt}, excluded.last_decided_at)`,
        completedAt: sql`coalesce(excluded.completed_at, ${decidedWorkflow.completedAt})`,
      },
    });
  const count = (yes: boolean) => (yes ? 1 : 0);
  await tx
    .insert(reviewerDay)
    .values({
      day: decision.decidedAt.slice(0, 10),
      reviewerId: user.id,
      reviewerName: user.name,
      reviewerEmail: user.email,
      decisions: 1,
      ok: count(decision.kind === 'ok'),
      flagged: count(decision.kind === 'flagged'),
      escalated: count(decision.kind === 'escalated'),
      // A reversal replaces a different verdict in force; replacing "not reviewed" (after an undo) is none.
      reversals: count(replaced !== null && replaced !== decision.kind),
    })
    .onConflictDoUpdate({
      target: [reviewerDay.day, reviewerDay.reviewerId],
      set: {
        reviewerName: sql`greatest(${reviewerDay.reviewerName}, excluded.reviewer_name)`,
        reviewerEmail: sql`greatest(${reviewerDay.reviewerEmail}, excluded.reviewer_email)`,
        decisions: sql`${reviewerDay.decisions} + excluded.decisions`,
        ok: sql`${reviewerDay.ok} + excluded.ok`,
        flagged: sql`${reviewerDay.flagged} + excluded.flagged`,
        escalated: sql`${reviewerDay.escalated} + excluded.escalated`,
        reversals: sql`${reviewerDay.reversals} + excluded.reversals`,
      },
    });
}
