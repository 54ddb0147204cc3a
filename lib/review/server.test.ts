import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/index';
import type { SessionUser } from '@/lib/auth/session-user';
import { recordDecision, reviewStates, undoDecision } from '@/lib/review/decision-store';
import { worstBand } from '@/lib/moderation/scan';
import { resetEnvForTests } from '@/lib/env';
import { upstreamPath } from '@/lib/orchestrator/client';
import { scanThresholds } from '@/lib/moderation/config';
import { interpretJob } from '@/lib/moderation/read-model';
import { orchestrator, resetOrchestratorForTests } from '@/lib/orchestrator/console-client';
import { getJob } from '@/lib/orchestrator/jobs';
import { allSteps } from '@/lib/orchestrator/workflow-steps';
import { WorkflowPageSchema, WorkflowSchema } from '@/lib/orchestrator/schemas';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { Indexer } from '@/lib/risk-index/indexer';
import { watchUser } from '@/lib/risk-index/watch';
import { buildQueue } from './queue-source';
import { mirrorReviewTag, NOT_ALLOWED_MESSAGE } from './server';

/**
 * The server side of review below the routes, end to end: PGlite, the real client and the in-process emulator, its
 * data anchored to now so "the last 24 h" holds workflows. One database and one emulator for both suites.
 */

let emulator: RunningEmulator;
let database: TestDatabase;
let writable: string[] = [];
const alice: SessionUser = { id: 'u-alice', email: 'alice@example.test', name: 'Alice', role: 'moderator', sessionId: 's1' };
const moderator: SessionUser = { id: 'u-mo', email: 'mo@example.test', name: 'Mo', role: 'moderator', sessionId: 's3' };
const senior: SessionUser = { id: 'u-sam', email: 'sam@example.test', name: 'Sam', role: 'senior', sessionId: 's2' };
const meta = { ip: null, requestId: 'req-mirror' };
const seen = 'succeeded:0123456789abcdef';

async function upstreamTags(workflowId: string): Promise<string[]> {
  orchestrator().invalidate(upstreamPath`/v2/consumer/workflows/${workflowId}`);
  const workflow = await orchestrator().getJson({ path: upstreamPath`/v2/consumer/workflows/${workflowId}`, schema: WorkflowSchema, what: 'workflow' });
  return (workflow.tags ?? []).filter((tag) => tag.startsWith('review:'));
}


async function csamBandOf(workflowId: string) {
  const workflow = await getWorkflow(orchestrator(), workflowId);
  const jobs = allSteps(workflow).flatMap((step) => step.jobs);
  const bands = await Promise.all(jobs.map(async (job) => interpretJob(await getJob(orchestrator(), job.id), scanThresholds()).scan.csam.worst));
  return worstBand(bands);
}

const tagWrites = () => emulator.control.calls({ path: /\/tags(\/|$)/ }).filter((call) => call.method !== 'GET');

beforeAll(async () => {
  emulator = await startEmulator({ workflows: 60, anchor: new Date() });
  process.env.CIVITAI_API_URL = emulator.url;
  process.env.CIVITAI_API_TOKEN = emulator.control.scenarios.tokens.service;
  resetEnvForTests();
  resetOrchestratorForTests();
  database = await openTestDatabase('PGlite');
});

afterAll(async () => {
  await database?.dispose();
  await emulator.close();
});

beforeEach(() => {
  emulator.control.clearFaults();
  emulator.control.clearCalls();
});

describe('buildQueue', () => {
  it('"unreviewed, CSAM near or above, last 24 h" holds only undecided recent workflows whose worst band is not below', async () => {
    const ctx = orchestrator().context();
    // The preset reads the risk index: back-fill the last day, and follow the high-risk Civitai user a moderator opened.
    const indexer = new Indexer({ client: orchestrator(), thresholds: scanThresholds(), holder: 'test', concurrency: 4, backfillDays: 1, sliceMinutes: 360, pollSeconds: 60, retentionDays: 30, follow: false });
    await watchUser(emulator.control.scenarios.riskyUser.userId, moderator.id, 'opened');
    await indexer.plan();
    await indexer.drain(['slice', 'watch']);
    emulator.control.clearCalls();
    const first = await buildQueue(moderator, { kind: 'preset', preset: 'unreviewed-csam' }, ctx);
    // One index query, no upstream read per row.
    expect(emulator.control.calls()).toEqual([]);
    expect(first.items.length).toBeGreaterThan(0);
    // Across owners: the watched user's "above" workflow is in it, worst first.
    expect(first.items[0]!.workflowId.startsWith(`${emulator.control.scenarios.riskyUser.userId}-`)).toBe(true);
    for (const item of first.items) {
      expect(Date.now() - Date.parse(item.createdAt)).toBeLessThanOrEqual(24 * 3_600_000);
      expect(['near', 'above', 'unknown']).toContain(await csamBandOf(item.workflowId));
    }

    const decided = first.items[0]!.workflowId;
    await recordDecision(moderator, { workflowId: decided, blobId: null, kind: 'ok', reasonCode: null, note: null, expectedVersion: 0, workflowVersionSeen: seen }, meta);
    const second = await buildQueue(moderator, { kind: 'preset', preset: 'unreviewed-csam' }, ctx);
    expect(second.items.map((item) => item.workflowId)).not.toContain(decided);
    expect(second.decidedToday).toBe(1);
  });

  it('"escalated to me" lists other moderators’ open escalations for a senior', async () => {
    const { workflowId } = emulator.control.scenarios.gallery;
    await recordDecision(moderator, { workflowId, blobId: null, kind: 'escalated', reasonCode: null, note: null, expectedVersion: 0, workflowVersionSeen: seen }, meta);
    const queue = await buildQueue(senior, { kind: 'preset', preset: 'escalated-to-me' }, orchestrator().context());
    expect(queue.items).toContainEqual(expect.objectContaining({ workflowId, status: 'succeeded' }));
    expect(queue.label).toBe('Escalated to me');
  });
});

describe('mirrorReviewTag', () => {
  // Integrator workflows (the only ones the service token may tag) that nothing above has decided yet.
  beforeAll(async () => {
    const page = await orchestrator().getJson({ path: '/v2/consumer/workflows', query: { take: 20 }, schema: WorkflowPageSchema, what: 'workflow list' });
    const ids = page.items.flatMap((workflow) => (workflow.id ? [workflow.id] : []));
    const states = await reviewStates(alice, ids);
    writable = ids.filter((id) => states.get(id)!.sync === null);
  });

  it('writes the decision upstream as its review tag and marks it synced', async () => {
    const workflowId = writable[0]!;
    await recordDecision(alice, { workflowId, blobId: null, kind: 'ok', reasonCode: null, note: null, expectedVersion: 0, workflowVersionSeen: seen }, meta);
    expect(await mirrorReviewTag(alice, workflowId)).toEqual({ state: 'synced', lastError: null });
    expect(await upstreamTags(workflowId)).toEqual(['review:ok']);
    expect(tagWrites().map((call) => call.method)).toEqual(['POST']);
  });

  it('keeps the decision "not synced" with the reason when the tag write gets a 503, and a retry syncs it', async () => {
    const workflowId = writable[1]!;
    emulator.control.setFaults([{ method: 'POST', path: '/tags$', kind: 'status', status: 503, times: 1 }]);
    const outcome = await recordDecision(
      alice,
      { workflowId, blobId: null, kind: 'flagged', reasonCode: 'violence', note: null, expectedVersion: 0, workflowVersionSeen: seen },
      meta,
    );
    const failed = await mirrorReviewTag(alice, workflowId);
    expect(failed?.state).toBe('error');
    expect(failed?.lastError).toMatch(/unavailable/);
    expect(tagWrites()).toHaveLength(1);
    const state = (await reviewStates(alice, [workflowId])).get(workflowId)!;
    expect(state.decision?.id).toBe(outcome.kind === 'recorded' ? outcome.decision.id : 'missing');
    expect(state.sync).toMatchObject({ state: 'error', attempts: 1 });
    expect(await upstreamTags(workflowId)).toEqual([]);

    expect(await mirrorReviewTag(alice, workflowId)).toEqual({ state: 'synced', lastError: null });
    expect(await upstreamTags(workflowId)).toEqual(['review:flagged']);
    expect((await reviewStates(alice, [workflowId])).get(workflowId)!.sync).toMatchObject({ state: 'synced', attempts: 2 });
  });

  it('follows an undo: the review tag goes back to the decision before it', async () => {
    const workflowId = writable[2]!;
    await recordDecision(alice, { workflowId, blobId: null, kind: 'ok', reasonCode: null, note: null, expectedVersion: 0, workflowVersionSeen: seen }, meta);
    const escalated = await recordDecision(
      alice,
      { workflowId, blobId: null, kind: 'escalated', reasonCode: null, note: null, expectedVersion: 1, workflowVersionSeen: seen },
      meta,
    );
    await mirrorReviewTag(alice, workflowId);
    expect(await upstreamTags(workflowId)).toEqual(['review:escalated']);
    if (escalated.kind !== 'recorded') throw new Error('expected a recorded decision');
    await undoDecision(alice, escalated.decision.id, meta);
    await mirrorReviewTag(alice, workflowId);
    expect(await upstreamTags(workflowId)).toEqual(['review:ok']);
  });

  it('marks a refusal no retry can fix "not_allowed": a Civitai user\'s workflow the service token may read but not tag', async () => {
    const { workflowId } = emulator.control.scenarios.riskyUser;
    await recordDecision(alice, { workflowId, blobId: null, kind: 'flagged', reasonCode: 'minors', note: null, expectedVersion: 0, workflowVersionSeen: seen }, meta);
    const outcome = await mirrorReviewTag(alice, workflowId);
    expect(outcome).toEqual({ state: 'not_allowed', lastError: NOT_ALLOWED_MESSAGE });
    expect(tagWrites().length).toBeGreaterThan(0);
    expect((await reviewStates(alice, [workflowId])).get(workflowId)!.sync).toMatchObject({ state: 'not_allowed', lastError: NOT_ALLOWED_MESSAGE });
  });

  it('keeps a transient failure retryable (error, with its reason), never not_allowed', async () => {
    const workflowId = writable[3]!;
    emulator.control.setFaults([{ method: 'POST', path: '/tags$', kind: 'status', status: 429, times: 1 }]);
    await recordDecision(alice, { workflowId, blobId: null, kind: 'ok', reasonCode: null, note: null, expectedVersion: 0, workflowVersionSeen: seen }, meta);
    const failed = await mirrorReviewTag(alice, workflowId);
    expect(failed?.state).toBe('error');
    expect(failed?.lastError).not.toBe(NOT_ALLOWED_MESSAGE);
  });

  it('has nothing to mirror on a workflow never decided', async () => {
    expect(await mirrorReviewTag(alice, emulator.control.scenarios.drillDown24.workflowId)).toBeNull();
    expect(tagWrites()).toHaveLength(0);
  });
});
