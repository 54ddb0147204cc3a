import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/index';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { auditEvent } from '@/lib/db/schema';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import { indexWorkflows, pendingModerationGates } from '@/lib/risk-index/store';
import { startConsoleUnderTest, type ConsoleUnderTest } from '@/test/console-under-test';
import type { TestDatabase } from '@/test/databases';
import { GET as queue } from './queue/route';
import { POST as decideGate } from './workflows/[id]/moderation-gate/route';

/**
 * Deciding a pending moderation gate (contract §2.4) through the console: seniors only, body checked before anything
 * is sent, an unknown workflow refused before it is audited, the decision audited and sent once, and a gate someone
 * else decided first answered 409 "Already decided elsewhere" while the index stops listing it either way.
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const SENIOR: SessionUser = { id: 'u-se', email: 'se@example.test', name: 'Sen', role: 'senior', sessionId: 's-se' };
const MODERATOR: SessionUser = { id: 'u-mo', email: 'mo@example.test', name: 'Mo', role: 'moderator', sessionId: 's-mo' };
const MISSING_WORKFLOW = '123-20200101000000000';

let emulator: RunningEmulator;
let database: TestDatabase;
let started: ConsoleUnderTest;
let gateWorkflow: string;

/** The role check the real guard makes, for whoever is signed in. */
function signedInAs(user: SessionUser) {
  session.requireRole.mockImplementation(async (minimum: Role) => {
    if (!roleAtLeast(user.role, minimum)) throw new AuthError('forbidden');
    return user;
  });
}

async function decide(workflowId: string, body: unknown) {
  const request = new Request(`http://console.test/api/workflows/${workflowId}/moderation-gate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: 'console.test' },
    body: JSON.stringify(body),
  });
  const response = await decideGate(request, { params: Promise.resolve({ id: workflowId }) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

const gateAudit = () => database.handle.db.select().from(auditEvent).where(eq(auditEvent.action, 'moderation_gate'));
const gateCalls = () => emulator.control.calls({ path: /moderation-gate$/ });
const pendingIds = async () => (await pendingModerationGates(50)).map((row) => row.id);

/** Indexes the workflow as the upstream shows it now (what the indexer and a drill-down store). */
async function indexNow(workflowId: string) {
  orchestrator().invalidate(`/v2/consumer/workflows/${workflowId}`);
  await indexWorkflows([{ workflow: await getWorkflow(orchestrator(), workflowId), outputs: [] }], 'drilldown');
}

beforeAll(async () => {
  started = await startConsoleUnderTest({ workflows: 40 });
  ({ emulator, database } = started);
  gateWorkflow = emulator.control.scenarios.pendingGate.workflowId;
  await indexNow(gateWorkflow);
});

afterAll(async () => {
  await started?.dispose();
});

beforeEach(() => {
  signedInAs(SENIOR);
  emulator.control.clearCalls();
  emulator.control.clearFaults();
});

describe('the "Pending moderation gates" queue', () => {
  it('lists the indexed workflow whose gate is under review, from the index alone, for seniors only', async () => {
    const request = () => new Request('http://console.test/api/queue?preset=pending-moderation-gates');
    const response = await queue(request(), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { label: string; items: { workflowId: string }[] };
    expect(body.label).toBe('Pending moderation gates');
    expect(body.items.map((item) => item.workflowId)).toEqual([gateWorkflow]);
    expect(emulator.control.calls()).toEqual([]);

    signedInAs(MODERATOR);
    expect((await queue(request(), { params: Promise.resolve({}) })).status).toBe(403);
  });
});

describe('POST /api/workflows/[id]/moderation-gate', () => {
  it('refuses a bad body with 400 naming the field, with nothing audited or sent', async () => {
    for (const [body, field] of [
      [{}, 'approved'],
      [{ approved: 'yes' }, 'approved'],
      [{ approved: true, message: 'x'.repeat(1001) }, 'message'],
      [{ approved: false, message: 'hidden\u202Etext' }, 'message'],
    ] as const) {
      const { response, body: problem } = await decide(gateWorkflow, body);
      expect(response.status).toBe(400);
      expect(problem).toMatchObject({ kind: 'invalid_input', field });
    }
    expect(await gateAudit()).toEqual([]);
    expect(gateCalls()).toEqual([]);
  });

  it('refuses a moderator with 403: only seniors decide gates', async () => {
    signedInAs(MODERATOR);
    const { response, body } = await decide(gateWorkflow, { approved: true });
    expect(response.status).toBe(403);
    expect(body).toMatchObject({ kind: 'forbidden' });
    expect(gateCalls()).toEqual([]);
  });

  it('answers 404 for a workflow the upstream does not have, before auditing or sending', async () => {
    const { response, body } = await decide(MISSING_WORKFLOW, { approved: true, message: 'fine' });
    expect(response.status).toBe(404);
    expect(body).toMatchObject({ kind: 'not_found' });
    expect(await gateAudit()).toEqual([]);
    expect(gateCalls()).toEqual([]);
  });

  it('passes a 429 on as 503 with the upstream’s wait, and audits that it failed', async () => {
    emulator.control.setFaults([{ method: 'POST', path: 'moderation-gate$', kind: 'status', status: 429, retryAfter: '7', times: 1 }]);
    const { response, body } = await decide(gateWorkflow, { approved: true });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(body).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 7 });
    expect(gateCalls()).toHaveLength(1);
    expect((await gateAudit()).map((row) => row.detail)).toEqual([{ approved: true }, { approved: true, outcome: 'failed', kind: 'rate_limited' }]);
    expect(await pendingIds()).toEqual([gateWorkflow]);
  });

  it('approves with a message: sent once, audited with the verdict and message, and gone from the queue', async () => {
    const message = 'Samples reviewed: adults only, no real people.';
    const { response, body } = await decide(gateWorkflow, { approved: true, message: `  ${message}  ` });
    expect(response.status).toBe(200);
    expect(body).toEqual({ workflowId: gateWorkflow, status: 'approved' });
    const [call] = gateCalls();
    expect(gateCalls()).toHaveLength(1);
    expect(call).toMatchObject({ method: 'POST', auth: 'service' });
    const upstream = await getWorkflow(orchestrator(), gateWorkflow);
    expect(upstream.steps.map((step) => (step.output as { moderationStatus?: string }).moderationStatus)).toEqual(['approved']);
    const last = (await gateAudit()).at(-1)!;
    expect(last).toMatchObject({ actorId: SENIOR.id, targetType: 'workflow', targetId: gateWorkflow, workflowId: gateWorkflow, reason: message, detail: { approved: true } });
    expect(await pendingIds()).toEqual([]);
  });

  it('answers 409 "Already decided elsewhere" for a gate no longer pending, and clears a stale index row', async () => {
    // The index still holds an older read that showed the gate pending.
    const stale = await getWorkflow(orchestrator(), gateWorkflow);
    const pendingStep = { ...stale.steps[0]!, output: { ...(stale.steps[0]!.output as object), moderationStatus: 'underReview' } };
    await indexWorkflows([{ workflow: { ...stale, steps: [pendingStep] }, outputs: [] }], 'backfill');
    expect(await pendingIds()).toEqual([gateWorkflow]);

    const { response, body } = await decide(gateWorkflow, { approved: false, message: 'Too late?' });
    expect(response.status).toBe(409);
    expect(body).toMatchObject({ kind: 'conflict', detail: 'Already decided elsewhere' });
    expect(gateCalls()).toHaveLength(1);
    expect((await gateAudit()).at(-1)).toMatchObject({ reason: 'Too late?', detail: { approved: false, outcome: 'failed', kind: 'conflict' } });
    expect(await pendingIds()).toEqual([]);
  });
});
