import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { session } from './schema';

/**
 * Review decisions and their upstream mirror. Decisions are an append-only history per subject (a workflow, or one
 * output of it): `version` counts 1, 2, … per subject and the unique index makes two moderators deciding against the
 * same version collide, so the second learns about the first (optimistic concurrency). The person is copied onto the
 * row as they were at decision time, as evidence, rather than joined from a user table that can change.
 */
export const reviewDecisions = pgTable(
  'review_decisions',
  {
    id: uuid('id').primaryKey(),
    subjectKey: text('subject_key').notNull(),
    workflowId: text('workflow_id').notNull(),
    blobId: text('blob_id'),
    version: integer('version').notNull(),
    action: text('action', { enum: ['decide', 'undo'] }).notNull(),
    /** In force after this row; null when an undo returned the subject to "not reviewed". */
    kind: text('kind', { enum: ['ok', 'flagged', 'escalated'] }),
    reasonCode: text('reason_code'),
    note: text('note'),
    decidedById: text('decided_by_id').notNull(),
    decidedByName: text('decided_by_name').notNull(),
    decidedByEmail: text('decided_by_email').notNull(),
    decidedByRole: text('decided_by_role').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }).notNull(),
    workflowVersionSeen: text('workflow_version_seen').notNull(),
    undoesDecisionId: uuid('undoes_decision_id'),
  },
  (table) => [
    uniqueIndex('review_decisions_subject_version').on(table.subjectKey, table.version),
    index('review_decisions_workflow').on(table.workflowId),
    index('review_decisions_decider_time').on(table.decidedById, table.decidedAt),
    // The leads' view reads a window of decisions across every reviewer (lib/team/stats.ts).
    index('review_decisions_time').on(table.decidedAt),
    check('review_decisions_action', sql`${table.action} in ('decide', 'undo')`),
    check('review_decisions_kind', sql`${table.kind} is null or ${table.kind} in ('ok', 'flagged', 'escalated')`),
    check('review_decisions_version', sql`${table.version} >= 1`),
  ],
);

/**
 * The leads' figures kept as decisions happen rather than recomputed per request (lib/team/stats.ts reads them). Both
 * tables are written in the transaction of each decision (lib/review/decision-rollups.ts) and derive from
 * review_decisions alone, which is append-only, so `rebuild_team_figures()` (migration 0011) recomputes them whole:
 * the migration's backfill, and the benchmark's seed.
 */

/**
 * Per workflow: its first and latest decision. A window's distinct decided workflows are those whose latest decision
 * is in it, a range scan on `last_decided_at` that also yields those first decided in it (completion → first
 * decision). `completed_at` is copied from the risk index when the index held the completed workflow at decision time;
 * null otherwise, and then read from the index.
 */
export const decidedWorkflow = pgTable(
  'decided_workflow',
  {
    workflowId: text('workflow_id').primaryKey(),
    firstDecidedAt: timestamp('first_decided_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastDecidedAt: timestamp('last_decided_at', { withTimezone: true, mode: 'date' }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('decided_workflow_last').on(table.lastDecidedAt),
    index('decided_workflow_completion_unknown').on(table.lastDecidedAt).where(sql`${table.completedAt} is null`),
  ],
);

/** Per reviewer and UTC day: decisions (not undos), their verdicts, and how many reversed a different verdict in force. */
export const reviewerDay = pgTable(
  'reviewer_day',
  {
    day: date('day', { mode: 'string' }).notNull(),
    reviewerId: text('reviewer_id').notNull(),
    /** The greatest name and e-mail the day's decisions carried, as `max()` over the decisions would give. */
    reviewerName: text('reviewer_name').notNull(),
    reviewerEmail: text('reviewer_email').notNull(),
    decisions: integer('decisions').notNull(),
    ok: integer('ok').notNull(),
    flagged: integer('flagged').notNull(),
    escalated: integer('escalated').notNull(),
    reversals: integer('reversals').notNull(),
  },
  (table) => [primaryKey({ columns: [table.day, table.reviewerId] })],
);

/**
 * One row per workflow: whether its `review:*` tag upstream matches the decisions in force. `generation` grows with
 * every local change, so a slow mirror that finishes after a newer one cannot mark the newer state as synced.
 * `error`: the last attempt failed and a retry may succeed; `not_allowed`: the upstream refused in a way no retry
 * fixes (this token may not tag the workflow), so the decision is kept here only.
 */
export const reviewSync = pgTable(
  'review_sync',
  {
    workflowId: text('workflow_id').primaryKey(),
    state: text('state', { enum: ['synced', 'not_synced', 'error', 'not_allowed'] }).notNull(),
    generation: integer('generation').notNull(),
    lastError: text('last_error'),
    attempts: integer('attempts').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [check('review_sync_state', sql`${table.state} in ('synced', 'not_synced', 'error', 'not_allowed')`)],
);

/**
 * Who is reviewing which workflow right now: at most one claim per workflow, held for a few minutes and renewed while
 * the item stays open. In the database so every console instance sees the same claims; a claim dies with its holder's
 * session (the foreign key deletes it on sign-out or when an expired session is removed) or when `expires_at` passes.
 */
export const reviewClaim = pgTable(
  'review_claim',
  {
    workflowId: text('workflow_id').primaryKey(),
    userId: text('user_id').notNull(),
    /** The holder's name as shown to colleagues ("Mo Moderator is reviewing this"). */
    userName: text('user_name').notNull(),
    sessionId: text('session_id')
      .notNull()
      .references(() => session.id, { onDelete: 'cascade' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    index('review_claim_expires').on(table.expiresAt),
    index('review_claim_session').on(table.sessionId),
    check('review_claim_lifetime', sql`${table.expiresAt} > ${table.claimedAt}`),
  ],
);
