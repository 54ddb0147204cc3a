import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator';
import { GET as getWorkflow } from '@/app/api/workflows/[id]/route';
import { GET as listWorkflows } from '@/app/api/workflows/route';
import type { SessionUser } from '@/lib/auth/session-user';
import { resetEnvForTests } from '@/lib/env';
import { orchestrator, resetOrchestratorForTests } from '@/lib/orchestrator/console-client';
import { emulatorForFile, waitFor } from '@/test/orchestrator';

/**
 * TEST-PLAN F-18, F-19, F-23 and F-34 through the console's route handlers, against the in-process emulator: what the
 * browser gets, how many upstream calls the emulator's call log shows, and how the process fares (slots, memory).
 * The client's own unit tests prove each rule on the client; these prove the routes keep them end to end.
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const VIEWER: SessionUser = { id: 'u1', email: 'viewer@example.test', name: 'Vera Viewer', role: 'viewer', sessionId: 's1' };
const LIST_PATH = '^/v2/consumer/workflows$';
const CAP = 8;

const started = emulatorForFile({ workflows: 300 });
let emulator: RunningEmulator;
const saved = { ...process.env };

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Answer {
  status: number;
  ms: number;
  body: Record<string, unknown>;
  retryAfter: string | null;
}

async function load(handler: Handler, path: string, params: Record<string, string> = {}, signal?: AbortSignal): Promise<Answer> {
  const begun = performance.now();
  const response = await handler(new Request(`http://console.test${path}`, { signal }), { params: Promise.resolve(params) });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, ms: performance.now() - begun, body, retryAfter: response.headers.get('retry-after') };
}

/** Distinct list pages: each ends at another instant, so no two share an upstream call (no single-flight). */
function listPage(index: number): string {
  return `/api/workflows?take=10&to=${new Date(Date.UTC(2026, 10, 20, 12) - index * 60_000).toISOString()}`;
}

const listCalls = () => emulator.control.calls({ path: LIST_PATH }).length;

beforeAll(() => {
  emulator = started();
  Object.assign(process.env, {
    CIVITAI_API_URL: emulator.url,
    CIVITAI_API_TOKEN: emulator.control.scenarios.tokens.service,
    CONSOLE_UPSTREAM_KIND: 'emulator',
    UPSTREAM_CONCURRENCY: String(CAP),
  });
  resetEnvForTests();
});

/** Per-attempt timeout and route budget for the tests of one block (the production defaults are 15 s and 25 s). */
function budget(timeoutMs: number, deadlineMs: number) {
  beforeEach(() => {
    Object.assign(process.env, { UPSTREAM_TIMEOUT_MS: String(timeoutMs), UPSTREAM_DEADLINE_MS: String(deadlineMs) });
    resetEnvForTests();
    resetOrchestratorForTests();
  });
}

afterAll(() => {
  process.env = saved;
  resetEnvForTests();
  resetOrchestratorForTests();
});

beforeEach(() => {
  resetOrchestratorForTests();
  session.requireRole.mockResolvedValue(VIEWER);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('F-18: the upstream answers 500 to every call for 25 consecutive page loads', () => {
  budget(2_000, 4_000);

  it('stops calling once the breaker opens, answers fast with Retry-After, and recovers on the first healthy probe', async () => {
    // Only Date is faked (and keeps running): the breaker's reset timeout can be jumped over without waiting it out.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    emulator.control.setFaults([{ path: LIST_PATH, kind: 'status', status: 500 }]);

    const loads: (Answer & { calls: number })[] = [];
    for (let index = 0; index < 25; index += 1) {
      const before = listCalls();
      const answer = await load(listWorkflows as Handler, listPage(index));
      loads.push({ ...answer, calls: listCalls() - before });
    }

    expect(loads.every((answer) => answer.status === 503 && answer.body.kind === 'upstream_unavailable')).toBe(true);
    const opened = loads.findIndex((answer) => answer.calls === 0);
    expect(opened).toBeGreaterThan(0);
    expect(opened).toBeLessThanOrEqual(10);
    const whileOpen = loads.slice(opened);
    // Open: no upstream call, an answer in well under 50 ms, and a Retry-After the banner can count down from.
    expect(whileOpen.every((answer) => answer.calls === 0)).toBe(true);
    expect(Math.max(...whileOpen.map((answer) => answer.ms))).toBeLessThan(50);
    expect(whileOpen.every((answer) => Number(answer.retryAfter) >= 1)).toBe(true);
    // Attempts per logical request over the window: a 500 is not retried, and the breaker cut the rest.
    const attempts = loads.reduce((sum, answer) => sum + answer.calls, 0);
    expect(attempts / loads.length).toBeLessThanOrEqual(1.1);
    expect(orchestrator().breaker().state).toBe('open');

    // After the reset timeout the upstream is healthy again: exactly one probe goes through and closes the breaker.
    emulator.control.clearFaults();
    vi.setSystemTime(Date.now() + orchestrator().breaker().retryAfterMs + 1);
    const before = listCalls();
    const probe = await load(listWorkflows as Handler, listPage(100));
    expect(probe.status).toBe(200);
    expect(listCalls() - before).toBe(1);
    expect(orchestrator().breaker().state).toBe('closed');
    expect((await load(listWorkflows as Handler, listPage(101))).status).toBe(200);
  });
});

describe('F-19: a hung upstream and a closed tab', () => {
  budget(500, 2_000);

  it('aborts the hung attempt at the per-attempt timeout and answers 503 within the budget', async () => {
    emulator.control.setFaults([{ path: LIST_PATH, kind: 'hang' }]);
    const answer = await load(listWorkflows as Handler, listPage(0));
    expect(answer.status).toBe(503);
    expect(answer.body.kind).toBe('upstream_unavailable');
    // Each attempt ends at UPSTREAM_TIMEOUT_MS (0.5 s) and the route within its budget (2 s): never the upstream's 100 s.
    expect(answer.ms).toBeGreaterThanOrEqual(450);
    expect(answer.ms).toBeLessThan(2_500);
    await waitFor(() => emulator.control.inFlight() === 0 && orchestrator().load().inFlight === 0);
  });

  it('closes the upstream socket and frees the concurrency slot when the browser goes away', async () => {
    emulator.control.setFaults([{ path: LIST_PATH, kind: 'hang' }]);
    const tab = new AbortController();
    const pending = load(listWorkflows as Handler, listPage(1), {}, tab.signal);
    await waitFor(() => emulator.control.inFlight() === 1 && orchestrator().load().inFlight === 1);
    const closedAt = performance.now();
    tab.abort();
    const answer = await pending;
    expect(answer.status).toBe(499);
    // The slot is free at once, and the emulator sees its connection closed (the call ends unanswered).
    expect(orchestrator().load()).toEqual({ inFlight: 0, waiting: 0 });
    await waitFor(() => emulator.control.inFlight() === 0);
    expect(performance.now() - closedAt).toBeLessThan(1_000);
    const [call] = emulator.control.calls({ path: LIST_PATH });
    expect(call?.status).toBe(0);
    expect(call?.endedAt).not.toBeNull();
  });
});

describe('F-23: a huge upstream answer', () => {
  budget(2_000, 4_000);

  it('refuses a 50 MB list at the byte cap with a 503, without holding it in memory', async () => {
    emulator.control.setFaults([{ path: LIST_PATH, kind: 'bigBody', bytes: 50 * 1024 * 1024 }]);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const answer = await load(listWorkflows as Handler, listPage(2));
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    expect(answer.status).toBe(503);
    expect(answer.body.kind).toBe('upstream_unavailable');
    expect(JSON.stringify(answer.body)).not.toContain('1-20260101000000000');
    // A console that read the body whole would hold 50 MB of text and more once parsed.
    console.info(`F-23: RSS grew ${grownMb.toFixed(1)} MB while refusing a 50 MB upstream body`);
    expect(grownMb).toBeLessThan(40);
    // Not retried: a body too large stays too large.
    expect(listCalls()).toBe(1);
  });

  it('serves at most `take` workflows when the upstream sends far more than asked', async () => {
    // About 10,000 items in one answer to take=10, under the byte cap.
    emulator.control.setFaults([{ path: LIST_PATH, kind: 'bigBody', bytes: 1_100_000 }]);
    const answer = await load(listWorkflows as Handler, listPage(3));
    expect(answer.status).toBe(200);
    expect((answer.body.items as unknown[]).length).toBeLessThanOrEqual(10);
  });
});

describe('F-34: many reviewers at once, upstream at 800 ms', () => {
  budget(15_000, 25_000);

  it('turns 20 simultaneous opens of one workflow into one upstream call per resource', async () => {
    emulator.control.setLatency({ fixedMs: 800 });
    const { workflowId } = emulator.control.scenarios.drillDown24;
    const answers = await Promise.all(Array.from({ length: 20 }, () => load(getWorkflow as Handler, `/api/workflows/${workflowId}`, { id: workflowId })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    const calls = emulator.control.calls();
    expect(calls.filter((call) => call.path === `/v2/consumer/workflows/${workflowId}`)).toHaveLength(1);
    // Each job and blob of the drill-down was asked for once, not 20 times.
    const perPath = new Map<string, number>();
    for (const call of calls) perPath.set(call.path, (perPath.get(call.path) ?? 0) + 1);
    expect(Math.max(...perPath.values())).toBe(1);
  });

  it('keeps 50 concurrent list loads within the global cap, with no error and no 429', async () => {
    emulator.control.setLatency({ fixedMs: 800 });
    emulator.control.resetMaxInFlight();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => load(listWorkflows as Handler, listPage(200 + index))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(emulator.control.maxInFlight()).toBeLessThanOrEqual(CAP);
    expect(emulator.control.maxInFlight()).toBe(CAP);
    const calls = emulator.control.calls({ path: LIST_PATH });
    expect(calls).toHaveLength(50);
    expect(calls.some((call) => call.status === 429)).toBe(false);
  });
});
