import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FaultRule, RunningEmulator } from '@/emulator';
import type { LogFields, LogLevel } from '@/lib/log';
import { createOrchestratorClient, upstreamPath, type ClientOptions } from './client';
import { OrchestratorError } from './errors';
import { probeBlob } from './blobs';
import { getJob } from './jobs';
import { WorkflowSchema } from './schemas';
import { emulatorForFile, waitFor } from '@/test/orchestrator';
import { getWorkflow } from './workflows';

/**
 * Every resilience rule of the transport against the emulator's fault injection, counted in its call log
 * (TEST-PLAN F-12..F-23, F-34). Timeouts are small so the suite stays fast; the rules are the same at 15 s / 25 s.
 */

const started = emulatorForFile();
let emulator: RunningEmulator;
let token: string;
let workflowId: string;
let jobIds: string[];
const WORKFLOW_PATH = '^/v2/consumer/workflows/[^/]+$';

interface LogLine {
  level: LogLevel;
  event: string;
  fields?: LogFields;
}

/** A client with small budgets, a recorded log and (unless given) sleeps that are recorded and skipped. */
function client(overrides: Partial<ClientOptions> = {}) {
  const logs: LogLine[] = [];
  const sleeps: number[] = [];
  const instance = createOrchestratorClient({
    baseUrl: emulator.url,
    token,
    // Roomy for a loaded CI machine (a spurious timeout would add a retry); the timeout tests set their own.
    attemptTimeoutMs: 2_000,
    deadlineMs: 4_000,
    bodyIdleTimeoutMs: 1_000,
    backoffBaseMs: 10,
    backoffCapMs: 40,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    log: (level, event, fields) => logs.push({ level, event, fields }),
    ...overrides,
  });
  return { instance, logs, sleeps };
}

function faults(...rules: FaultRule[]) {
  emulator.control.setFaults(rules);
}

/**
 * Headers never come. A long latency rule rather than the `hang` kind: both hold the request until the client leaves,
 * and this one does not depend on how the emulator parks a request forever.
 */
const HANG = { kind: 'latency', latencyMs: 60_000 } as const;

function workflowCalls() {
  return emulator.control.calls({ path: new RegExp(WORKFLOW_PATH) });
}

async function failure(promise: Promise<unknown>): Promise<OrchestratorError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OrchestratorError);
  return error as OrchestratorError;
}

beforeAll(async () => {
  emulator = started();
  const { scenarios } = emulator.control;
  token = scenarios.tokens.service;
  workflowId = scenarios.drillDown24.workflowId;
  const wire = await (
    await fetch(`${emulator.url}/v2/consumer/workflows/${workflowId}`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  jobIds = WorkflowSchema.parse(wire).steps!.flatMap((step) => (step.jobs ?? []).map((job) => job.id));
  emulator.control.clearCalls();
});

describe('a healthy read', () => {
  it('sends the bearer token and hideMatureContent=false, and returns app types', async () => {
    const { instance } = client();
    const workflow = await getWorkflow(instance, workflowId);
    expect(workflow).toMatchObject({ id: workflowId, status: 'succeeded', jobCount: 24 });
    const [call] = workflowCalls();
    expect(call).toMatchObject({ auth: 'service', status: 200 });
    expect(new URLSearchParams(call!.query).get('hideMatureContent')).toBe('false');
  });

  it('serves a finished workflow from memory the second time', async () => {
    const { instance } = client();
    await getWorkflow(instance, workflowId);
    await getWorkflow(instance, workflowId);
    expect(workflowCalls()).toHaveLength(1);
  });

  it('encodes every path segment, so an id cannot reach another endpoint', () => {
    expect(upstreamPath`/v2/consumer/workflows/${'../../v1/manager?x=1'}`).toBe(
      '/v2/consumer/workflows/..%2F..%2Fv1%2Fmanager%3Fx%3D1',
    );
  });
});

describe('retries', () => {
  it('retries 503, 503 and succeeds on the third call, with jittered growing waits (F-17)', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 503, times: 2 });
    const { instance, sleeps } = client({ random: () => 0.999 });
    await getWorkflow(instance, workflowId);
    expect(workflowCalls().map((call) => call.status)).toEqual([503, 503, 200]);
    expect(sleeps).toEqual([9, 19]);
  });

  it('stops at three tries', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 504 });
    const error = await failure(getWorkflow(client().instance, workflowId));
    expect(error.kind).toBe('upstream_unavailable');
    expect(workflowCalls()).toHaveLength(3);
  });

  it('retries a 502 HTML gateway page and reads it as unavailable (F-21)', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 502 });
    const error = await failure(getWorkflow(client().instance, workflowId));
    expect(error).toMatchObject({ kind: 'upstream_unavailable', upstreamStatus: 502, upstreamDetail: 'HTML page' });
    expect(workflowCalls()).toHaveLength(3);
  });

  it.each([
    [400, 'invalid_input'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [410, 'gone'],
    [422, 'invalid_input'],
    [500, 'upstream_unavailable'],
  ] as const)('never retries %i (F-13, F-14)', async (status, kind) => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status });
    const error = await failure(getWorkflow(client().instance, workflowId));
    expect(error.kind).toBe(kind);
    expect(workflowCalls()).toHaveLength(1);
  });

  it('says the credential was refused on 401, never "no results" (F-13)', async () => {
    faults({ path: '^/v2/consumer/workflows$', kind: 'status', status: 401 });
    const { instance, logs } = client();
    const error = await failure(instance.getJson({ path: '/v2/consumer/workflows', schema: z.unknown(), what: 'workflow list' }));
    expect(error.message).toBe("Console's upstream credential rejected — contact admin");
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'upstream.credential_rejected' }));
  });

  it('waits what Retry-After says, then succeeds (F-15)', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 429, retryAfter: '1', times: 1 });
    const { instance, sleeps } = client({ deadlineMs: 5_000 });
    await getWorkflow(instance, workflowId);
    expect(workflowCalls().map((call) => call.status)).toEqual([429, 200]);
    expect(sleeps).toEqual([1_000]);
  });

  it('really waits the Retry-After between the two calls', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 503, retryAfter: '1', times: 1 });
    const { instance } = client({ sleep: undefined, deadlineMs: 5_000, attemptTimeoutMs: 2_000 });
    await getWorkflow(instance, workflowId);
    const [first, second] = workflowCalls();
    expect(second!.startedAt - first!.startedAt).toBeGreaterThanOrEqual(950);
  });

  it('fails at once with the wait when Retry-After is beyond the budget (F-16)', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 429, retryAfter: '120' });
    const { instance, sleeps } = client();
    const started = Date.now();
    const error = await failure(getWorkflow(instance, workflowId));
    expect(Date.now() - started).toBeLessThan(200);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 120 });
    expect(workflowCalls()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('reads an HTTP-date Retry-After (F-16)', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 503, retryAfter: at });
    const error = await failure(getWorkflow(client().instance, workflowId));
    expect(error.kind).toBe('upstream_unavailable');
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(61);
    expect(workflowCalls()).toHaveLength(1);
  });

  it('backs off with bounded jitter when 429 has no Retry-After (F-16)', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 429 });
    const { instance, sleeps } = client({ random: () => 0.5 });
    const error = await failure(getWorkflow(instance, workflowId));
    expect(error.kind).toBe('rate_limited');
    expect(workflowCalls()).toHaveLength(3);
    expect(sleeps).toEqual([5, 10]);
  });

  it('stops retrying when the retry budget is spent', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 503 });
    const { instance } = client({ retryBudget: { ratio: 0, reserve: 1 } });
    await failure(getWorkflow(instance, workflowId));
    await failure(getWorkflow(instance, workflowId));
    expect(workflowCalls()).toHaveLength(3);
  });
});

describe('circuit breaker (F-18)', () => {
  it('opens after repeated failures, fails fast without calling, and recovers on one probe', async () => {
    let offset = 0;
    const { instance, logs } = client({
      now: () => Date.now() + offset,
      breaker: { consecutiveFailures: 3, resetTimeoutMs: 10_000 },
    });
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 500 });
    for (let i = 0; i < 3; i += 1) await failure(getWorkflow(instance, workflowId));
    expect(instance.breaker().state).toBe('open');
    expect(workflowCalls()).toHaveLength(3);

    for (let i = 0; i < 22; i += 1) {
      const started = performance.now();
      const error = await failure(getWorkflow(instance, workflowId));
      expect(performance.now() - started).toBeLessThan(50);
      expect(error).toMatchObject({ kind: 'upstream_unavailable', retryAfterSeconds: 10 });
    }
    expect(workflowCalls()).toHaveLength(3);

    emulator.control.clearFaults();
    offset = 10_000;
    await getWorkflow(instance, workflowId);
    expect(instance.breaker().state).toBe('closed');
    expect(workflowCalls()).toHaveLength(4);
    expect(logs.filter((line) => line.event === 'upstream.breaker').map((line) => line.fields?.to)).toEqual([
      'open',
      'half_open',
      'closed',
    ]);
  });

  it('reopens when the probe fails', async () => {
    let offset = 0;
    const { instance } = client({ now: () => Date.now() + offset, breaker: { consecutiveFailures: 2, resetTimeoutMs: 1_000 } });
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 500 });
    for (let i = 0; i < 2; i += 1) await failure(getWorkflow(instance, workflowId));
    offset = 1_000;
    await failure(getWorkflow(instance, workflowId));
    expect(instance.breaker().state).toBe('open');
    expect(workflowCalls()).toHaveLength(3);
  });

  it('is not opened by 4xx answers or a refused credential', async () => {
    const { instance } = client({ breaker: { consecutiveFailures: 2 } });
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 401 });
    for (let i = 0; i < 4; i += 1) await failure(getWorkflow(instance, workflowId));
    faults({ path: WORKFLOW_PATH, kind: 'status', status: 404 });
    for (let i = 0; i < 4; i += 1) await failure(getWorkflow(instance, workflowId));
    expect(instance.breaker().state).toBe('closed');
  });
});

describe('single-flight and the concurrency cap (F-34)', () => {
  it('turns 20 concurrent identical reads into one upstream call', async () => {
    emulator.control.setLatency({ fixedMs: 100 });
    const { instance } = client();
    const results = await Promise.all(Array.from({ length: 20 }, () => getWorkflow(instance, workflowId)));
    expect(new Set(results.map((workflow) => workflow.id))).toEqual(new Set([workflowId]));
    expect(workflowCalls()).toHaveLength(1);
  });

  it('never has more upstream calls in flight than the cap', async () => {
    emulator.control.setLatency({ fixedMs: 50 });
    emulator.control.resetMaxInFlight();
    const { instance } = client({ concurrency: 3, deadlineMs: 5_000 });
    await Promise.all(jobIds.map((id) => getJob(instance, id)));
    expect(emulator.control.calls({ path: /^\/v1\/consumer\/jobs\// })).toHaveLength(24);
    expect(emulator.control.maxInFlight()).toBeLessThanOrEqual(3);
    expect(instance.load()).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('keeps the shared call going while one follower leaves', async () => {
    emulator.control.setLatency({ fixedMs: 100 });
    const { instance } = client();
    const leaving = new AbortController();
    const first = getWorkflow(instance, workflowId, { signal: leaving.signal });
    const second = getWorkflow(instance, workflowId);
    leaving.abort();
    expect((await failure(first)).kind).toBe('aborted');
    expect((await second).id).toBe(workflowId);
    expect(workflowCalls()).toHaveLength(1);
  });
});

describe('slow and hanging upstreams (F-19, F-20)', () => {
  it('ends a hang at the deadline, never later', async () => {
    faults({ path: WORKFLOW_PATH, ...HANG });
    const { instance } = client({ sleep: undefined, attemptTimeoutMs: 300, deadlineMs: 700 });
    const started = Date.now();
    const error = await failure(getWorkflow(instance, workflowId));
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ kind: 'upstream_unavailable', message: 'The Orchestration API did not answer in time.' });
    expect(elapsed).toBeGreaterThanOrEqual(600);
    // The deadline plus scheduling slack: never the upstream's 100 s.
    expect(elapsed).toBeLessThan(1_400);
    expect(workflowCalls().length).toBeGreaterThanOrEqual(2);
    expect(workflowCalls().length).toBeLessThanOrEqual(3);
  });

  it('aborts the upstream call and frees the slot when the browser goes away', async () => {
    faults({ path: WORKFLOW_PATH, ...HANG });
    const { instance } = client({ attemptTimeoutMs: 10_000, deadlineMs: 20_000 });
    const tab = new AbortController();
    const reading = getWorkflow(instance, workflowId, { signal: tab.signal });
    await waitFor(() => emulator.control.inFlight() === 1);
    expect(instance.load().inFlight).toBe(1);
    tab.abort();
    expect((await failure(reading)).kind).toBe('aborted');
    expect(instance.load()).toEqual({ inFlight: 0, waiting: 0 });
    await waitFor(() => emulator.control.inFlight() === 0);
  });

  it('gives up on a body that stalls (body-idle timeout)', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'slowBody', bytesPerSecond: 1 });
    const { instance } = client({ bodyIdleTimeoutMs: 50, maxAttempts: 1 });
    const error = await failure(getWorkflow(instance, workflowId));
    expect(error).toMatchObject({ kind: 'upstream_unavailable', message: 'The Orchestration API stopped sending its answer.' });
  });

  it('ends a trickling body at the attempt timeout, never rendering part of it', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'slowBody', bytesPerSecond: 200 });
    const { instance } = client({ attemptTimeoutMs: 300, maxAttempts: 1 });
    const error = await failure(getWorkflow(instance, workflowId));
    expect(error.kind).toBe('upstream_unavailable');
  });
});

describe('bodies that are not what they claim (F-21..F-23)', () => {
  it('reads a 200 HTML page as unavailable, without retrying', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'html' });
    const error = await failure(getWorkflow(client().instance, workflowId));
    expect(error).toMatchObject({ kind: 'upstream_unavailable', message: 'The Orchestration API answered with a web page instead of data.' });
    expect(workflowCalls()).toHaveLength(1);
  });

  it('reads truncated JSON as unavailable', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'invalidJson' });
    const error = await failure(getWorkflow(client().instance, workflowId));
    expect(error).toMatchObject({ kind: 'upstream_unavailable', message: 'The Orchestration API sent an incomplete or unreadable answer.' });
  });

  it('retries a connection dropped mid-body', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'truncate', times: 1 });
    await getWorkflow(client().instance, workflowId);
    expect(workflowCalls()).toHaveLength(2);
  });

  it('reads a document missing required fields as upstream_invalid', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'missingFields', fields: ['createdAt'] });
    const { instance, logs } = client();
    const error = await failure(getWorkflow(instance, workflowId));
    expect(error.kind).toBe('upstream_invalid');
    expect(logs).toContainEqual(expect.objectContaining({ event: 'upstream.invalid_document' }));
  });

  it('stops a 50 MB body at the byte cap', async () => {
    faults({ path: '^/v2/consumer/workflows$', kind: 'bigBody' });
    const { instance } = client({ maxResponseBytes: 1024 * 1024 });
    const error = await failure(instance.getJson({ path: '/v2/consumer/workflows', schema: z.unknown(), what: 'workflow list' }));
    expect(error).toMatchObject({ kind: 'upstream_unavailable', message: 'The Orchestration API sent an answer larger than the console accepts.' });
    expect(emulator.control.calls({ path: /^\/v2\/consumer\/workflows$/ })).toHaveLength(1);
  });

  it('never follows a redirect on a data read', async () => {
    faults({ path: WORKFLOW_PATH, kind: 'redirect', location: `${emulator.url}/v1/manager/workflows?UserId=5` });
    const error = await failure(getWorkflow(client().instance, workflowId));
    expect(error.kind).toBe('upstream_invalid');
    expect(emulator.control.calls()).toHaveLength(1);
  });
});

describe('the token never leaks (F-12)', () => {
  it('keeps it out of errors and log lines even when the upstream echoes it', async () => {
    const echo = JSON.stringify({ title: `Unauthorized: Authorization: Bearer ${token}`, detail: `token=${token}` });
    for (const status of [401, 500]) {
      faults({ path: WORKFLOW_PATH, kind: 'status', status, body: echo, contentType: 'application/problem+json' });
      const { instance, logs } = client();
      const error = await failure(getWorkflow(instance, workflowId));
      const everything = JSON.stringify([error, error.message, error.upstreamDetail, String(error.stack), logs]);
      expect(everything).not.toContain(token);
      expect(error.upstreamDetail).toContain('[redacted]');
    }
  });
});

describe('blob probes', () => {
  it('tells viewable from blocked by the redirect, reads the level, and downloads nothing', async () => {
    const { gallery } = emulator.control.scenarios;
    const viewable = gallery.byRole['level:x']!;
    const blocked = gallery.byRole['blocked:Child Sexual - Anime']!;
    const { instance } = client();
    expect(await probeBlob(instance, viewable.blobId, gallery.workflowId)).toMatchObject({ visibility: 'viewable', nsfwLevel: 'x' });
    expect(await probeBlob(instance, blocked.blobId, gallery.workflowId)).toMatchObject({ visibility: 'blocked', nsfwLevel: 'xxx' });
    expect(emulator.control.calls({ path: /\/blobs\/(content|blocked)\// })).toHaveLength(0);
  });

  it('reads a foreign redirect as unavailable and never contacts it', async () => {
    const { gallery } = emulator.control.scenarios;
    faults({ path: '^/v2/consumer/blobs/', kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/' });
    const probe = await probeBlob(client().instance, gallery.byRole['level:pg']!.blobId, gallery.workflowId);
    expect(probe.visibility).toBe('unavailable');
    expect(emulator.control.calls()).toHaveLength(1);
  });
});

