import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import type { DecisionRequest } from '@/lib/review/requests';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import {
  beginSync,
  decidedToday,
  decisionHistory,
  finishSync,
  openEscalations,
  recordDecision,
  recordDecisions,
  reviewStates,
  undoDecision,
} from './decision-store';
import { auditEvent } from '@/lib/db/schema';

const alice: SessionUser = { id: 'u-alice', email: 'alice@example.test', name: 'Alice', role: 'moderator', sessionId: 's1' };
const bob: SessionUser = { id: 'u-bob', email: 'bob@example.test', name: 'Bob', role: 'moderator', sessionId: 's2' };
const sam: SessionUser = { id: 'u-sam', email: 'sam@example.test', name: 'Sam', role: 'senior', sessionId: 's3' };
const viewer: SessionUser = { id: 'u-vic', email: 'vic@example.test', name: 'Vic', role: 'viewer', sessionId: 's4' };
const meta = { ip: '127.0.0.1', requestId: 'req-test' };

let workflowCounter = 0;
/** A fresh workflow id per test, so tests share one database without seeing each other's decisions. */
function nextWorkflowId(): string {
  workflowCounter += 1;
  return `8484131-2026012122${String(workflowCounter).padStart(7, '0')}`;
}

function request(workflowId: string, overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  return {
    workflowId,
    blobId: null,
    kind: 'ok',
    reasonCode: null,
    note: null,
    expectedVersion: 0,
    workflowVersionSeen: 'succeeded:0123456789abcdef',
    ...overrides,
  };
}

for (const name of DATABASES) describe.skipIf(!databaseAvailable(name, 'review decisions'))(`decisions on ${name}`, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(name);
  });

  afterAll(async () => {
    await database?.dispose();
  });

  async function auditRows(workflowId: string) {
    return database.handle.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.workflowId, workflowId), eq(auditEvent.action, 'decision')));
  }

  it('stores who decided what, when and on which version, with its audit row, and marks the tag not synced', async () => {
    const workflowId = nextWorkflowId();
    const now = new Date('2026-03-01T10:00:00.000Z');
    const outcome = await recordDecision(alice, request(workflowId, { kind: 'flagged', reasonCode: 'violence', note: 'gore' }), meta, now);
    expect(outcome.kind).toBe('recorded');
    if (outcome.kind !== 'recorded') return;
    expect(outcome.decision).toMatchObject({
      workflowId,
      version: 1,
      kind: 'flagged',
      reasonCode: 'violence',
      note: 'gore',
      decidedBy: { id: 'u-alice', name: 'Alice', role: 'moderator' },
      decidedAt: now.toISOString(),
      workflowVersionSeen: 'succeeded:0123456789abcdef',
    });

    const [audit] = await auditRows(workflowId);
    expect(audit).toMatchObject({ actorId: 'u-alice', targetType: 'workflow', targetId: workflowId, reason: 'gore', requestId: 'req-test' });
    expect(audit!.detail).toMatchObject({ decisionId: outcome.decision.id, kind: 'flagged', reasonCode: 'violence' });

    const state = (await reviewStates(alice, [workflowId])).get(workflowId)!;
    expect(state.decision?.id).toBe(outcome.decision.id);
    expect(state.sync).toMatchObject({ state: 'not_synced', attempts: 0 });
  });

  it('tells the second moderator about the first decision; overwriting means deciding against it', async () => {
    const workflowId = nextWorkflowId();
    const first = await recordDecision(alice, request(workflowId, { kind: 'ok' }), meta);
    const second = await recordDecision(bob, request(workflowId, { kind: 'escalated' }), meta);
    expect(second).toEqual({ kind: 'conflict', current: first.kind === 'recorded' ? first.decision : null });

    const overwrite = await recordDecision(bob, request(workflowId, { kind: 'escalated', expectedVersion: 1 }), meta);
    expect(overwrite.kind === 'recorded' && overwrite.decision.version).toBe(2);
    expect((await decisionHistory(viewer, workflowId)).map((row) => [row.decidedBy.id, row.kind])).toEqual([
      ['u-alice', 'ok'],
      ['u-bob', 'escalated'],
    ]);
    // The refused attempt wrote nothing, not even an audit row.
    expect(await auditRows(workflowId)).toHaveLength(2);
  });

  it('lets exactly one of two simultaneous decisions through', async () => {
    const workflowId = nextWorkflowId();
    const outcomes = await Promise.all([
      recordDecision(alice, request(workflowId, { kind: 'ok' }), meta),
      recordDecision(bob, request(workflowId, { kind: 'flagged', reasonCode: 'ip' }), meta),
    ]);
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['conflict', 'recorded']);
    expect(await decisionHistory(alice, workflowId)).toHaveLength(1);
  });

  it('undoes the author’s own latest decision within 10 seconds, as a new history row', async () => {
    const workflowId = nextWorkflowId();
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    await recordDecision(alice, request(workflowId, { kind: 'ok' }), meta, t0);
    const flagged = await recordDecision(alice, request(workflowId, { kind: 'flagged', reasonCode: 'other', expectedVersion: 1 }), meta, t0);
    if (flagged.kind !== 'recorded') throw new Error('expected a recorded decision');

    expect(await undoDecision(bob, flagged.decision.id, meta, new Date(t0.getTime() + 1_000))).toEqual({ kind: 'refused', problem: 'not_yours' });
    expect(await undoDecision(alice, flagged.decision.id, meta, new Date(t0.getTime() + 10_001))).toEqual({
      kind: 'refused',
      problem: 'window_passed',
    });
    const undone = await undoDecision(alice, flagged.decision.id, meta, new Date(t0.getTime() + 9_000));
    expect(undone.kind === 'undone' && undone.undo).toMatchObject({ action: 'undo', version: 3, kind: 'ok', undoesDecisionId: flagged.decision.id });
    expect((await reviewStates(alice, [workflowId])).get(workflowId)!.decision?.kind).toBe('ok');
    expect(await auditRows(workflowId)).toHaveLength(3);
  });

  it('undoing the only decision returns the workflow to "not reviewed"', async () => {
    const workflowId = nextWorkflowId();
    const only = await recordDecision(alice, request(workflowId, { kind: 'escalated' }), meta);
    if (only.kind !== 'recorded') throw new Error('expected a recorded decision');
    const undone = await undoDecision(alice, only.decision.id, meta);
    expect(undone.kind === 'undone' && undone.undo.kind).toBeNull();
    expect(await beginSync(alice, workflowId)).toMatchObject({ target: null });
  });

  it('mirrors the most serious decision in force on the workflow or its outputs, newest change only', async () => {
    const workflowId = nextWorkflowId();
    await recordDecision(alice, request(workflowId, { kind: 'ok' }), meta);
    const output = await recordDecision(alice, request(workflowId, { kind: 'flagged', reasonCode: 'ip', blobId: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg' }), meta);
    expect(output.kind === 'recorded' && output.generation).toBe(2);

    const ticket = await beginSync(alice, workflowId);
    expect(ticket).toEqual({ workflowId, generation: 2, target: 'flagged' });
    expect(await finishSync({ ...ticket!, generation: 1 }, { ok: true })).toBe(false);
    expect(await finishSync(ticket!, { ok: false, message: 'The Orchestration API is unavailable right now.', retryable: true })).toBe(true);
    expect((await reviewStates(alice, [workflowId])).get(workflowId)!.sync).toMatchObject({
      state: 'error',
      lastError: 'The Orchestration API is unavailable right now.',
      attempts: 1,
    });
    expect(await finishSync(ticket!, { ok: true })).toBe(true);
    const state = (await reviewStates(alice, [workflowId])).get(workflowId)!;
    expect(state.sync).toMatchObject({ state: 'synced', lastError: null, attempts: 2 });
    expect(state.outputs.map((head) => head.blobId)).toEqual(['JNFDW54JNTATNW42HACYCWSQP0.jpeg']);
  });

  it('records a refusal no retry can fix as not_allowed, and a new decision makes it not synced again', async () => {
    const workflowId = nextWorkflowId();
    await recordDecision(alice, request(workflowId, { kind: 'ok' }), meta);
    const ticket = await beginSync(alice, workflowId);
    expect(await finishSync(ticket!, { ok: false, message: 'Kept in the console.', retryable: false })).toBe(true);
    expect((await reviewStates(alice, [workflowId])).get(workflowId)!.sync).toMatchObject({ state: 'not_allowed', lastError: 'Kept in the console.' });
    await recordDecision(alice, request(workflowId, { kind: 'flagged', reasonCode: 'ip', expectedVersion: 1 }), meta);
    expect((await reviewStates(alice, [workflowId])).get(workflowId)!.sync).toMatchObject({ state: 'not_synced', lastError: null });
  });

  it('records a bulk verdict item by item, reporting conflicts', async () => {
    const [a, b, c] = [nextWorkflowId(), nextWorkflowId(), nextWorkflowId()];
    await recordDecision(bob, request(b, { kind: 'flagged', reasonCode: 'other' }), meta);
    const results = await recordDecisions(alice, [request(a), request(b), request(c)], meta);
    expect(results.map((result) => [result.workflowId, result.outcome.kind])).toEqual([
      [a, 'recorded'],
      [b, 'conflict'],
      [c, 'recorded'],
    ]);
    const [audit] = await auditRows(a);
    expect(audit!.detail).toMatchObject({ bulk: true });
  });

  it('lists open escalations for seniors, not their own, oldest first', async () => {
    const [older, newer, own, resolved] = [nextWorkflowId(), nextWorkflowId(), nextWorkflowId(), nextWorkflowId()];
    await recordDecision(alice, request(newer, { kind: 'escalated' }), meta, new Date('2026-03-01T10:05:00Z'));
    await recordDecision(bob, request(older, { kind: 'escalated', blobId: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg' }), meta, new Date('2026-03-01T10:00:00Z'));
    await recordDecision(sam, request(own, { kind: 'escalated' }), meta);
    await recordDecision(alice, request(resolved, { kind: 'escalated' }), meta);
    await recordDecision(sam, request(resolved, { kind: 'flagged', reasonCode: 'violence', expectedVersion: 1 }), meta);

    const escalations = await openEscalations(sam);
    expect(escalations.filter((id) => [older, newer, own, resolved].includes(id))).toEqual([older, newer]);
    await expect(openEscalations(alice)).rejects.toThrowError(AuthError);
  });

  it('counts the caller’s decisions since midnight UTC', async () => {
    const now = new Date('2031-06-01T12:00:00Z');
    await recordDecision(sam, request(nextWorkflowId()), meta, new Date('2031-05-31T23:59:59Z'));
    await recordDecision(sam, request(nextWorkflowId()), meta, new Date('2031-06-01T00:00:01Z'));
    expect(await decidedToday(sam, now)).toBe(1);
  });

  it('refuses a viewer every write, even when a route forgot to check', async () => {
    const workflowId = nextWorkflowId();
    await expect(recordDecision(viewer, request(workflowId), meta)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(recordDecisions(viewer, [request(workflowId)], meta)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(undoDecision(viewer, '00000000-0000-4000-8000-000000000000', meta)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(beginSync(viewer, workflowId)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await decisionHistory(viewer, workflowId)).toEqual([]);
  });
});
