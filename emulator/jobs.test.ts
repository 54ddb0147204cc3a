import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JobStatusSchema,
  ManagerWorkflowListSchema,
  ProblemDetailsSchema,
  StrikesSchema,
  ValidationProblemDetailsSchema,
  WorkflowSchema,
} from '../lib/orchestrator/schemas';
import { startEmulator, type RunningEmulator, type Scenarios } from './index';
import { call, userBearer } from './test-support';

let emu: RunningEmulator;
let s: Scenarios;
const api = (path: string) => `${emu.url}${path}`;

beforeAll(async () => {
  emu = await startEmulator({ seed: 11, workflows: 400 });
  s = emu.control.scenarios;
});
afterAll(() => emu.close());

const HIVE_SCORES = /^\d{1,3}\.\d{2} %(, \d{1,3}\.\d{2} %)*$/;

describe('GET /v1/consumer/jobs/{id}', () => {
  it('reads a job’s scan context: PascalCase enums, string values, one hive score per blob', async () => {
    const res = await call(api(`/v1/consumer/jobs/${s.riskyUser.aboveJobId}`), JobStatusSchema);
    expect(res.status).toBe(200);
    expect(res.body.job).toBeUndefined();
    expect(res.body.lastEvent?.type).toBe('Succeeded');
    expect(JSON.parse(res.text).lastEvent.type).toBe('Succeeded');
    const context = res.body.lastEvent?.context as Record<string, string>;
    expect(context.hive_csam_score).toBe('3.12 %, 61.50 %');
    expect(context.hive_vlm_summary).toMatch(/^[A-Z0-9]+, (No_Child|Possible_Child|Child)$/);
    expect(res.body.result).toHaveLength(2);
    expect(res.body.lastEvent?.claimDuration).toMatch(/^\d\d:\d\d:\d\d\.\d{7}$/);
  });

  it('adds the job definition with detailed=true, including prompt-classification flags', async () => {
    const res = await call(api(`/v1/consumer/jobs/${s.riskyUser.aboveJobId}?Detailed=TRUE`), JobStatusSchema);
    expect(res.body.job?.promptClassificationResult).toMatchObject({ sexual: true, young: true });
    expect(res.body.job?.properties?.workflowId).toBe(s.riskyUser.workflowId);
    expect(typeof res.body.job?.params?.prompt).toBe('string');
  });

  it('writes hive scores for every gallery blob’s job as its read-out says', async () => {
    for (const entry of s.gallery.blobs) {
      const res = await call(api(`/v1/consumer/jobs/${entry.jobId}`), JobStatusSchema);
      const score = String(res.body.lastEvent?.context?.hive_csam_score);
      expect(score, entry.role).toMatch(HIVE_SCORES);
      expect(Number.parseFloat(score)).toBeCloseTo(entry.csamScore, 2);
    }
  });

  it('leaves the hive keys out of a failed job’s context', async () => {
    const res = await call(api(`/v1/consumer/jobs/${s.failedWithReason.jobId}`), JobStatusSchema);
    expect(res.body.lastEvent?.type).toBe('Failed');
    expect(res.body.lastEvent?.context).not.toHaveProperty('hive_csam_score');
    const workflow = await call(api(`/v2/consumer/workflows/${s.failedWithReason.workflowId}`), WorkflowSchema);
    expect(workflow.body.steps?.[0]?.jobs?.[0]).toMatchObject({ status: 'failed', reason: 'no_provider_available', blockedReason: null });
  });

  it('serves a 2024 job with a 64-hex id and a single result object', async () => {
    const res = await call(api(`/v1/consumer/jobs/${s.legacy.jobId}`), JobStatusSchema);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.result)).toBe(false);
    expect(res.body.result).toMatchObject({ blobKey: s.legacy.blobId });
  });

  it('answers 404 for unknown jobs and for another user’s jobs, 401 without a token', async () => {
    expect((await call(api('/v1/consumer/jobs/58de87d7-d594-4d71-ae43-dd8fc1bcbd23'), ProblemDetailsSchema)).status).toBe(404);
    expect((await call(api(`/v1/consumer/jobs/${s.riskyUser.aboveJobId}`), ProblemDetailsSchema, { auth: userBearer(s.gallery.owner) })).status).toBe(404);
    expect((await call(api(`/v1/consumer/jobs/${s.riskyUser.aboveJobId}`), JobStatusSchema, { auth: userBearer(s.riskyUser.userId) })).status).toBe(200);
    expect((await call(api(`/v1/consumer/jobs/${s.riskyUser.aboveJobId}`), ProblemDetailsSchema, { auth: null })).status).toBe(401);
  });

  it('records a taint (PUT) for tests to read', async () => {
    const body = JSON.stringify({ reason: 'moderator: csam suspected', context: { message: 'escalated' } });
    const res = await call(api(`/v1/consumer/jobs/${s.riskyUser.nearJobId}`), null, { method: 'PUT', body, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(emu.control.taints()).toEqual([
      expect.objectContaining({ jobId: s.riskyUser.nearJobId, reason: 'moderator: csam suspected', context: { message: 'escalated' }, auth: 'service' }),
    ]);
    const invalid = await call(api(`/v1/consumer/jobs/${s.riskyUser.nearJobId}`), ValidationProblemDetailsSchema, { method: 'PUT', body: '{}' });
    expect(invalid.status).toBe(400);
  });
});

describe('v1 manager', () => {
  it('lists a Civitai user’s workflows as {items, next} with PascalCase statuses', async () => {
    const res = await call(api(`/v1/manager/workflows?UserId=${s.riskyUser.userId}&Take=5`), ManagerWorkflowListSchema);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.items.every((w) => w.id?.startsWith(`${s.riskyUser.userId}-`))).toBe(true);
    const raw = JSON.parse(res.text);
    expect(raw.items[0].status).toMatch(/^[A-Z]/);
    expect(typeof raw.next).toBe('string');
  });

  it('lists the bare-array form when switched', async () => {
    const bare = await startEmulator({ seed: 11, workflows: 100, managerList: 'bare' });
    try {
      const res = await call(`${bare.url}/v1/manager/workflows?userid=${s.riskyUser.userId}`, ManagerWorkflowListSchema);
      expect(Array.isArray(JSON.parse(res.text))).toBe(true);
      expect(res.body.items.length).toBeGreaterThan(0);
    } finally {
      await bare.close();
    }
  });

  it('reads one workflow PascalCase, and refuses user tokens and a missing UserId', async () => {
    const res = await call(api(`/v1/manager/workflows/${s.gallery.workflowId}`), WorkflowSchema);
    expect(JSON.parse(res.text).status).toBe('Succeeded');
    expect(JSON.parse(res.text).nsfwLevel).toBe('XXX');
    expect(res.body.status).toBe('succeeded');
    expect((await call(api(`/v1/manager/workflows?UserId=${s.gallery.owner}`), ProblemDetailsSchema, { auth: userBearer(s.gallery.owner) })).status).toBe(403);
    expect((await call(api('/v1/manager/workflows'), ValidationProblemDetailsSchema)).status).toBe(400);
    expect((await call(api('/v1/manager/workflows/5-20990101000000000'), ProblemDetailsSchema)).status).toBe(404);
  });

  it('reads strikes for a risky user and none for a clean one', async () => {
    const risky = await call(api(`/v1/manager/consumers/flagged/civitai-${s.riskyUser.userId}/strikes`), StrikesSchema);
    expect(risky.body[0]?.strikes).toHaveLength(s.riskyUser.strikeCount);
    expect(risky.body[0]?.strikes.map((strike) => strike.strike.jobId)).toContain(s.riskyUser.aboveJobId);
    const clean = await call(api(`/v1/manager/consumers/flagged/civitai-${s.cleanUser.userId}/strikes`), StrikesSchema);
    expect(clean.body).toEqual([]);
  });

  it('marks strikes reviewed for the service token only, validating the body like the real API', async () => {
    const review = api(`/v1/manager/consumers/flagged/civitai-${s.riskyUser.userId}/strikes/review`);
    const post = (body: string, auth?: string) => ({ method: 'POST', body, headers: { 'content-type': 'application/json' }, ...(auth ? { auth } : {}) });
    const good = JSON.stringify({ moderatorId: 7, notes: 'checked' });
    expect((await call(review, ProblemDetailsSchema, post(good, userBearer(s.riskyUser.userId)))).status).toBe(403);
    for (const body of ['{}', JSON.stringify({ moderatorId: '7', notes: 'x' }), JSON.stringify({ moderatorId: 7, notes: '' }), JSON.stringify({ moderatorId: 7, notes: 'x'.repeat(1001) })]) {
      const refused = await call(review, ValidationProblemDetailsSchema, post(body));
      expect(refused.status, body.slice(0, 40)).toBe(400);
    }
    expect((await call(review, ProblemDetailsSchema, post('not json'))).status).toBe(400);
    expect((await call(api('/v1/manager/consumers/flagged/someone/strikes/review'), ProblemDetailsSchema, post(good))).status).toBe(404);
    const before = await call(api(`/v1/manager/consumers/flagged/civitai-${s.riskyUser.userId}/strikes`), StrikesSchema);
    expect(before.body[0]?.status).toBe('Pending');
    expect((await call(review, null, post(good))).status).toBe(204);
    const after = await call(api(`/v1/manager/consumers/flagged/civitai-${s.riskyUser.userId}/strikes`), StrikesSchema);
    expect(after.body[0]?.status).toBe('Reviewed');
  });
});
