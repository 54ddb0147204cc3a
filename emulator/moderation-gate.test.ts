import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModerationStatus, ValidationProblemDetailsSchema, WorkflowSchema, type WireWorkflow } from '../lib/orchestrator/schemas';
import { startEmulator, type RunningEmulator, type Scenarios } from './index';
import { call, userBearer } from './test-support';

let emu: RunningEmulator;
let s: Scenarios;

beforeAll(async () => {
  emu = await startEmulator({ seed: 42, workflows: 2000 });
  s = emu.control.scenarios;
});
afterAll(() => emu.close());

const gatePath = (workflowId: string) => `${emu.url}/v1/manager/workflows/${encodeURIComponent(workflowId)}/moderation-gate`;
const decide = (workflowId: string, body: unknown, auth?: string | null) =>
  call(gatePath(workflowId), null, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, auth });

/** The raw `moderationStatus` values of a workflow's steps, as sent. */
function rawStatuses(text: string): unknown[] {
  const workflow = JSON.parse(text) as { steps: { output?: { moderationStatus?: unknown } }[] };
  return workflow.steps.map((step) => step.output?.moderationStatus).filter((value) => value !== undefined);
}

const gateOf = (workflow: WireWorkflow) =>
  workflow.steps?.map((step) => (step.output as { moderationStatus?: unknown } | null | undefined)?.moderationStatus).find(Boolean);

describe('training moderation gates', () => {
  it('seeds a share of finished trainings under review, the same for the same seed', async () => {
    const trainings = emu.control.store.records.filter((record) => record.kind === 'training' && record.status === 'succeeded');
    const statuses = trainings.map((record) => toModerationStatus(gateOf(WorkflowSchema.parse(emu.control.store.model(record).workflow))));
    const underReview = statuses.filter((status) => status === 'underReview').length;
    expect(trainings.length).toBeGreaterThan(5);
    expect(underReview).toBeGreaterThan(0);
    expect(underReview).toBeLessThan(trainings.length);
    const again = await startEmulator({ seed: 42, workflows: 2000 });
    try {
      expect(again.control.store.records.filter((record) => record.kind === 'training').map((record) => record.id)).toEqual(
        emu.control.store.records.filter((record) => record.kind === 'training').map((record) => record.id),
      );
    } finally {
      await again.close();
    }
  });

  it('shows the gate camelCase on v2 and PascalCase on the manager API; both parse to the same status', async () => {
    const v2 = await call(`${emu.url}/v2/consumer/workflows/${s.pendingGate.workflowId}`, WorkflowSchema);
    const v1 = await call(`${emu.url}/v1/manager/workflows/${s.pendingGate.workflowId}`, WorkflowSchema);
    expect(rawStatuses(v2.text)).toEqual(['underReview']);
    expect(rawStatuses(v1.text)).toEqual(['UnderReview']);
    expect(gateOf(v2.body)).toBe('underReview');
    expect(gateOf(v1.body)).toBe('underReview');
  });
});

describe('POST /v1/manager/workflows/{id}/moderation-gate', () => {
  it('takes the service token only', async () => {
    const res = await decide(s.pendingGate.workflowId, { approved: true }, userBearer(s.riskyUser.userId));
    expect(res.status).toBe(403);
    expect((await decide(s.pendingGate.workflowId, { approved: true }, null)).status).toBe(401);
  });

  it('refuses a bad body with a ValidationProblemDetails 400, whatever the workflow', async () => {
    for (const body of [{}, { approved: 'yes' }, { approved: true, message: 'x'.repeat(1001) }, { approved: true, message: 5 }]) {
      const res = await decide(s.pendingGate.workflowId, body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(ValidationProblemDetailsSchema.safeParse(JSON.parse(res.text)).success).toBe(true);
    }
    const notJson = await call(gatePath(s.pendingGate.workflowId), null, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
  });

  it('answers 404 problem for an unknown workflow and 404 text for a workflow without a pending gate', async () => {
    const unknown = await decide(`${s.riskyUser.userId}-20260101000000000`, { approved: true });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    const none = await decide(s.gallery.workflowId, { approved: true });
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(none.text).toBe('No pending moderation gate');
  });

  it('approves with a message (204, then Approved on a re-read); a second call is 404 "No pending moderation gate"', async () => {
    const message = 'Samples are fine: adult subjects only.';
    const first = await decide(s.pendingGate.workflowId, { approved: true, message: 'x'.repeat(1000).slice(0, 1000 - message.length) + message });
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    const reread = await call(`${emu.url}/v1/manager/workflows/${s.pendingGate.workflowId}`, null);
    expect(rawStatuses(reread.text)).toEqual(['Approved']);
    const second = await decide(s.pendingGate.workflowId, { approved: false, message: 'too late' });
    expect(second.status).toBe(404);
    expect(second.text).toBe('No pending moderation gate');
  });

  it('denies: the gate reads rejected on v2', async () => {
    const other = emu.control.store.records.find(
      (record) => record.kind === 'training' && record.id !== s.pendingGate.workflowId && toModerationStatus(gateOf(WorkflowSchema.parse(emu.control.store.model(record).workflow))) === 'underReview',
    )!;
    expect((await decide(other.id, { approved: false })).status).toBe(204);
    const v2 = await call(`${emu.url}/v2/consumer/workflows/${other.id}`, WorkflowSchema);
    expect(rawStatuses(v2.text)).toEqual(['rejected']);
  });
});
