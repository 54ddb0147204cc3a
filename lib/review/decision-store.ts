import 'server-only';
import { and, asc, desc, eq, gte, inArray, like, ne, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { PERMISSIONS } from '@/lib/auth/roles';
import { assertRole, type SessionUser } from '@/lib/auth/session-user';
import type { RequestMeta } from '@/lib/request/request-meta';
import { mostSerious, type DecisionKind } from '@/lib/review/decision';
import {
  checkVersion,
  restoredBy,
  subjectKey,
  undoProblem,
  type DecisionRecord,
  type DecisionSubject,
  type SyncStatus,
  type UndoProblem,
  type WorkflowReview,
} from '@/lib/review/history';
import { countDecision } from '@/lib/review/decision-rollups';
import { MAX_QUEUE_ITEMS } from '@/lib/review/queue';
import type { DecisionRequest } from '@/lib/review/requests';
import { insertAudit, startOfUtcDay } from '@/lib/audit/audit';
import { db, type Database } from '@/lib/db/client';
import { reviewDecisions, reviewSync } from '@/lib/db/schema-review';

/**
 * The data access layer for review decisions. Every function checks the caller's role again (the route already
 * did), writes the decision and its audit row in one transaction (no decision without its row; a decision also
 * counts into the leads' figures there, lib/review/decision-rollups.ts), and leaves the upstream mirror to
 * mirrorReviewTag in lib/review/server.ts, which reports back through beginSync / finishSync.
 */

type Executor = Pick<Database, 'select' | 'selectDistinctOn' | 'insert' | 'update'>;
type DecisionRow = typeof reviewDecisions.$inferSelect;

function toRecord(row: DecisionRow): DecisionRecord {
  return {
    id: row.id,
    workflowId: row.workflowId,
    blobId: row.blobId,
    version: row.version,
    action: row.action,
    kind: row.kind,
    reasonCode: row.reasonCode,
    note: row.note,
    decidedBy: { id: row.decidedById, name: row.decidedByName, role: row.decidedByRole },
    decidedAt: row.decidedAt.toISOString(),
    workflowVersionSeen: row.workflowVersionSeen,
    undoesDecisionId: row.undoesDecisionId,
  };
}

/** PostgreSQL's unique_violation, as postgres-js and PGlite report it (drizzle wraps it in `cause`). */
function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error || (typeof current === 'object' && current !== null); ) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
    if (current === undefined) break;
  }
  return false;
}

async function headOf(executor: Executor, key: string): Promise<DecisionRecord | null> {
  const [row] = await executor
    .select()
    .from(reviewDecisions)
    .where(eq(reviewDecisions.subjectKey, key))
    .orderBy(desc(reviewDecisions.version))
    .limit(1);
  return row ? toRecord(row) : null;
}

/** The latest row of every subject of these workflows (the workflows themselves and their outputs). */
async function headsOf(executor: Executor, workflowIds: readonly string[]): Promise<DecisionRecord[]> {
  if (workflowIds.length === 0) return [];
  const rows = await executor
    .selectDistinctOn([reviewDecisions.subjectKey])
    .from(reviewDecisions)
    .where(inArray(reviewDecisions.workflowId, [...workflowIds]))
    .orderBy(reviewDecisions.subjectKey, desc(reviewDecisions.version));
  return rows.map(toRecord);
}

/**
 * Marks the workflow's upstream tag as out of date and returns the new generation. The mirror that brings it up to
 * date reports back with this number, so only the newest change can be marked synced.
 */
async function markChanged(executor: Executor, workflowId: string, now: Date): Promise<number> {
  const [row] = await executor
    .insert(reviewSync)
    .values({ workflowId, state: 'not_synced', generation: 1, attempts: 0, updatedAt: now })
    .onConflictDoUpdate({
      target: reviewSync.workflowId,
      set: { state: 'not_synced', generation: sql`${reviewSync.generation} + 1`, lastError: null, updatedAt: now },
    })
    .returning({ generation: reviewSync.generation });
  return row!.generation;
}

type Writer = Executor & Pick<Database, 'transaction'>;

type NewRow = Omit<typeof reviewDecisions.$inferInsert, 'id' | 'subjectKey' | 'decidedById' | 'decidedByName' | 'decidedByEmail' | 'decidedByRole' | 'decidedAt'>;

async function appendRow(executor: Executor, user: SessionUser, values: NewRow, now: Date): Promise<DecisionRecord> {
  const [row] = await executor
    .insert(reviewDecisions)
    .values({
      ...values,
      id: randomUUID(),
      subjectKey: subjectKey({ workflowId: values.workflowId, blobId: values.blobId ?? null }),
      decidedById: user.id,
      decidedByName: user.name,
      decidedByEmail: user.email,
      decidedByRole: user.role,
      decidedAt: now,
    })
    .returning();
  return toRecord(row!);
}

/**
 * One history row with everything that goes with it, in the caller's transaction: the row, the workflow's tag marked
 * out of date, and the audit row (no decision without its audit row).
 */
async function appendAudited(
  tx: Executor,
  user: SessionUser,
  values: NewRow,
  now: Date,
  meta: RequestMeta,
  audit: { reason?: string | null; detail: (row: DecisionRecord) => Record<string, unknown> },
): Promise<{ row: DecisionRecord; generation: number }> {
  const row = await appendRow(tx, user, values, now);
  const generation = await markChanged(tx, row.workflowId, now);
  await insertAudit(tx, {
    actor: user,
    action: 'decision',
    targetType: row.blobId ? 'blob' : 'workflow',
    targetId: row.blobId ?? row.workflowId,
    workflowId: row.workflowId,
    reason: audit.reason ?? null,
    detail: audit.detail(row),
    ip: meta.ip,
    requestId: meta.requestId,
  });
  return { row, generation };
}

export type DecisionOutcome =
  | { kind: 'recorded'; decision: DecisionRecord; generation: number }
  /** Someone decided in between: `current` is what is in force now (null if the expected version never existed). */
  | { kind: 'conflict'; current: DecisionRecord | null };

async function decideOne(
  database: Writer,
  user: SessionUser,
  request: DecisionRequest,
  meta: RequestMeta,
  now: Date,
  bulk: boolean,
): Promise<DecisionOutcome> {
  const subject: DecisionSubject = { workflowId: request.workflowId, blobId: request.blobId };
  const key = subjectKey(subject);
  try {
    return await database.transaction(async (tx) => {
      const head = await headOf(tx, key);
      const check = checkVersion(request.expectedVersion, head);
      if (check.kind === 'conflict') return check;
      const { row: decision, generation } = await appendAudited(
        tx,
        user,
        {
          ...subject,
          version: request.expectedVersion + 1,
          action: 'decide',
          kind: request.kind,
          reasonCode: request.reasonCode,
          note: request.note,
          workflowVersionSeen: request.workflowVersionSeen,
          undoesDecisionId: null,
        },
        now,
        meta,
        {
          reason: request.note,
          detail: (row) => ({
            decisionId: row.id,
            kind: request.kind,
            reasonCode: request.reasonCode,
            version: row.version,
            workflowVersionSeen: request.workflowVersionSeen,
            ...(request.expectedVersion > 0 ? { replacesVersion: request.expectedVersion } : {}),
            ...(bulk ? { bulk: true } : {}),
          }),
        },
      );
      await countDecision(tx, user, decision, head?.kind ?? null);
      return { kind: 'recorded' as const, decision, generation };
    });
  } catch (error) {
    // Two decisions against the same version at the same instant: the unique index let one through.
    if (isUniqueViolation(error)) return { kind: 'conflict', current: await headOf(database, key) };
    throw error;
  }
}

export async function recordDecision(
  user: SessionUser,
  request: DecisionRequest,
  meta: RequestMeta,
  now = new Date(),
): Promise<DecisionOutcome> {
  assertRole(user, PERMISSIONS.recordDecision);
  return decideOne(await db(), user, request, meta, now, false);
}

/** The same verdict on many workflows, each in its own transaction: a conflict on one leaves the others recorded. */
export async function recordDecisions(
  user: SessionUser,
  requests: readonly DecisionRequest[],
  meta: RequestMeta,
  now = new Date(),
): Promise<{ workflowId: string; outcome: DecisionOutcome }[]> {
  assertRole(user, PERMISSIONS.recordDecision);
  const database = await db();
  const results: { workflowId: string; outcome: DecisionOutcome }[] = [];
  for (const request of requests) {
    results.push({ workflowId: request.workflowId, outcome: await decideOne(database, user, request, meta, now, true) });
  }
  return results;
}

export type UndoOutcome =
  | { kind: 'undone'; undo: DecisionRecord; generation: number }
  | { kind: 'refused'; problem: UndoProblem };

/** Takes back the caller's own latest decision on a subject, within the undo window, as a new history row. */
export async function undoDecision(user: SessionUser, decisionId: string, meta: RequestMeta, now = new Date()): Promise<UndoOutcome> {
  assertRole(user, PERMISSIONS.recordDecision);
  const database = await db();
  try {
    return await database.transaction(async (tx) => {
      const [targetRow] = await tx.select().from(reviewDecisions).where(eq(reviewDecisions.id, decisionId)).limit(1);
      const target = targetRow ? toRecord(targetRow) : null;
      const head = target ? await headOf(tx, subjectKey(target)) : null;
      const problem = undoProblem(target, head, user.id, now);
      if (problem || !target) return { kind: 'refused' as const, problem: problem ?? 'nothing_to_undo' };
      const [previous] = await tx
        .select()
        .from(reviewDecisions)
        .where(and(eq(reviewDecisions.subjectKey, subjectKey(target)), eq(reviewDecisions.version, target.version - 1)))
        .limit(1);
      const { row: undo, generation } = await appendAudited(
        tx,
        user,
        {
          workflowId: target.workflowId,
          blobId: target.blobId,
          version: target.version + 1,
          action: 'undo',
          ...restoredBy(previous ? toRecord(previous) : null),
          workflowVersionSeen: target.workflowVersionSeen,
          undoesDecisionId: target.id,
        },
        now,
        meta,
        { detail: (row) => ({ decisionId: row.id, undoes: target.id, undoneKind: target.kind, restoredKind: row.kind, version: row.version }) },
      );
      return { kind: 'undone' as const, undo, generation };
    });
  } catch (error) {
    // Someone decided on the subject while the undo was being written: the decision is no longer the latest.
    if (isUniqueViolation(error)) return { kind: 'refused', problem: 'superseded' };
    throw error;
  }
}

/** Every decision row on a workflow and its outputs, oldest first: the evidence package's decision history. */
export async function decisionHistory(user: SessionUser, workflowId: string): Promise<DecisionRecord[]> {
  assertRole(user, PERMISSIONS.readWorkflows);
  const rows = await (await db())
    .select()
    .from(reviewDecisions)
    .where(eq(reviewDecisions.workflowId, workflowId))
    .orderBy(asc(reviewDecisions.decidedAt), asc(reviewDecisions.subjectKey), asc(reviewDecisions.version));
  return rows.map(toRecord);
}

/**
 * The newest decision rows (and undos) on a Civitai user's workflows: the owner is the workflow id's numeric prefix
 * (contract §5), so `<userId>-` finds them whether or not the risk index has seen the workflow.
 */
export async function decisionsOnUser(user: SessionUser, userId: number, limit: number): Promise<DecisionRecord[]> {
  assertRole(user, PERMISSIONS.readWorkflows);
  const rows = await (await db())
    .select()
    .from(reviewDecisions)
    .where(like(reviewDecisions.workflowId, `${userId}-%`))
    .orderBy(desc(reviewDecisions.decidedAt), desc(reviewDecisions.version))
    .limit(limit);
  return rows.map(toRecord);
}

function toSyncStatus(row: typeof reviewSync.$inferSelect): SyncStatus {
  return { state: row.state, lastError: row.lastError, attempts: row.attempts, syncedAt: row.syncedAt?.toISOString() ?? null };
}

/** What is in force for each workflow, for the queue, the lists and the workflow screen. */
export async function reviewStates(user: SessionUser, workflowIds: readonly string[]): Promise<Map<string, WorkflowReview>> {
  assertRole(user, PERMISSIONS.readWorkflows);
  const states = new Map<string, WorkflowReview>(
    workflowIds.map((workflowId) => [workflowId, { workflowId, decision: null, outputs: [], sync: null }]),
  );
  if (workflowIds.length === 0) return states;
  const database = await db();
  for (const head of await headsOf(database, workflowIds)) {
    const state = states.get(head.workflowId)!;
    if (head.blobId) state.outputs.push(head);
    else state.decision = head;
  }
  const syncRows = await database.select().from(reviewSync).where(inArray(reviewSync.workflowId, [...workflowIds]));
  for (const row of syncRows) states.get(row.workflowId)!.sync = toSyncStatus(row);
  return states;
}

/** Decisions (not undos) the caller made since midnight UTC: the queue's "decided today". */
export async function decidedToday(user: SessionUser, now = new Date()): Promise<number> {
  assertRole(user, PERMISSIONS.recordDecision);
  const [row] = await (await db())
    .select({ count: sql<number>`count(*)::int` })
    .from(reviewDecisions)
    .where(
      and(
        eq(reviewDecisions.decidedById, user.id),
        eq(reviewDecisions.action, 'decide'),
        gte(reviewDecisions.decidedAt, startOfUtcDay(now)),
      ),
    );
  return row?.count ?? 0;
}

/**
 * Workflows with an escalation in force (on the workflow or an output), oldest escalation first: the senior
 * reviewers' queue. A reviewer's own escalations are left out; someone else must look at them.
 */
export async function openEscalations(user: SessionUser, limit = MAX_QUEUE_ITEMS): Promise<string[]> {
  assertRole(user, 'senior');
  const database = await db();
  const heads = database
    .selectDistinctOn([reviewDecisions.subjectKey], {
      workflowId: reviewDecisions.workflowId,
      kind: reviewDecisions.kind,
      decidedAt: reviewDecisions.decidedAt,
      decidedById: reviewDecisions.decidedById,
    })
    .from(reviewDecisions)
    .orderBy(reviewDecisions.subjectKey, desc(reviewDecisions.version))
    .as('heads');
  const rows = await database
    .select({ workflowId: heads.workflowId, since: sql<Date>`min(${heads.decidedAt})`.as('since') })
    .from(heads)
    .where(and(eq(heads.kind, 'escalated'), ne(heads.decidedById, user.id)))
    .groupBy(heads.workflowId)
    .orderBy(sql`since`)
    .limit(limit);
  return rows.map((row) => row.workflowId);
}

export type SyncTicket = { workflowId: string; generation: number; target: DecisionKind | null };

/**
 * What the workflow's review tag must be now: the most serious decision in force on it or any of its outputs.
 * Null ticket when nothing was ever decided on this workflow.
 */
export async function beginSync(user: SessionUser, workflowId: string): Promise<SyncTicket | null> {
  assertRole(user, PERMISSIONS.recordDecision);
  const database = await db();
  const [sync] = await database.select().from(reviewSync).where(eq(reviewSync.workflowId, workflowId)).limit(1);
  if (!sync) return null;
  const heads = await headsOf(database, [workflowId]);
  return { workflowId, generation: sync.generation, target: mostSerious(heads.map((head) => head.kind)) };
}

/**
 * Records the mirror's outcome. Returns false when a newer change arrived meanwhile: the caller mirrors again,
 * since what it wrote upstream may already be out of date.
 */
export async function finishSync(
  ticket: SyncTicket,
  outcome: { ok: true } | { ok: false; message: string; retryable: boolean },
  now = new Date(),
): Promise<boolean> {
  const updated = await (await db())
    .update(reviewSync)
    .set(
      outcome.ok
        ? { state: 'synced', lastError: null, syncedAt: now, updatedAt: now, attempts: sql`${reviewSync.attempts} + 1` }
        : {
            state: outcome.retryable ? 'error' : 'not_allowed',
            lastError: outcome.message,
            updatedAt: now,
            attempts: sql`${reviewSync.attempts} + 1`,
          },
    )
    .where(and(eq(reviewSync.workflowId, ticket.workflowId), eq(reviewSync.generation, ticket.generation)))
    .returning({ workflowId: reviewSync.workflowId });
  return updated.length > 0;
}
