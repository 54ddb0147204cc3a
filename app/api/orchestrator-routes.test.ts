import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { resetEnvForTests } from '@/lib/env';
import { resetOrchestratorForTests } from '@/lib/orchestrator/console-client';
import { emulatorForFile } from '@/test/orchestrator';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { GET as getJob } from './jobs/[id]/route';
import { GET as getStatus } from './status/route';
import { GET as getUserWorkflows } from './users/[userId]/workflows/route';
import { GET as getWorkflow } from './workflows/[id]/route';
import { GET as getStep } from './workflows/[id]/steps/[step]/route';
import { GET as listWorkflows } from './workflows/route';

/**
 * The console's read API end to end against the emulator: sign-in first, input validated before any upstream call
 * (TEST-PLAN F-01..F-04, F-07), errors mapped once to ProblemDetails, no-store everywhere, the token never out.
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const VIEWER: SessionUser = { id: 'u1', email: 'viewer@example.test', name: 'Vera Viewer', role: 'viewer', sessionId: 's1' };

const started = emulatorForFile();
let emulator: RunningEmulator;
let token: string;
const saved = { ...process.env };
// The list joins the risk index: an in-memory database, never the console's own folder.
let database: TestDatabase;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, path: string, params: Record<string, string> = {}) {
  const response = await handler(new Request(`http://console.test${path}`), { params: Promise.resolve(params) });
  const text = await response.text();
  return { response, text, body: JSON.parse(text) as Record<string, unknown> };
}

function upstreamCalls() {
  return emulator.control.calls().length;
}

beforeAll(async () => {
  database = await openTestDatabase('PGlite');
  emulator = started();
  token = emulator.control.scenarios.tokens.service;
  Object.assign(process.env, {
    CIVITAI_API_URL: emulator.url,
    CIVITAI_API_TOKEN: token,
    CONSOLE_UPSTREAM_KIND: 'emulator',
    UPSTREAM_TIMEOUT_MS: '2000',
    UPSTREAM_DEADLINE_MS: '4000',
  });
  resetEnvForTests();
});

afterAll(async () => {
  await database.dispose();
  process.env = saved;
  resetEnvForTests();
  resetOrchestratorForTests();
});

beforeEach(() => {
  // A fresh client per test: no breaker state or cached answers carried over.
  resetOrchestratorForTests();
  session.requireRole.mockResolvedValue(VIEWER);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sign-in comes first (F-07)', () => {
  it.each([
    ['GET /api/workflows', listWorkflows, '/api/workflows', {}],
    ['GET /api/workflows/[id]', getWorkflow, '/api/workflows/x', { id: 'x' }],
    ['GET /api/workflows/[id]/steps/[step]', getStep, '/api/workflows/x/steps/y', { id: 'x', step: 'y' }],
    ['GET /api/jobs/[id]', getJob, '/api/jobs/x', { id: 'x' }],
    ['GET /api/users/[userId]/workflows', getUserWorkflows, '/api/users/1/workflows', { userId: '1' }],
    ['GET /api/status', getStatus, '/api/status', {}],
  ] as const)('%s answers 401 without a session, with no upstream call', async (_name, handler, path, params) => {
    session.requireRole.mockRejectedValue(new AuthError('unauthenticated'));
    const { response, body } = await call(handler as Handler, path, params);
    expect(response.status).toBe(401);
    expect(body).toMatchObject({ kind: 'unauthenticated', title: 'Sign in to continue.' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(session.requireRole).toHaveBeenCalledWith('viewer', expect.any(Request));
    expect(upstreamCalls()).toBe(0);
  });
});

describe('roles', () => {
  it('answers 403 to a role below viewer-level reads, with no upstream call', async () => {
    session.requireRole.mockRejectedValue(new AuthError('forbidden'));
    const { response, body } = await call(listWorkflows as Handler, '/api/workflows');
    expect(response.status).toBe(403);
    expect(body.kind).toBe('forbidden');
    expect(upstreamCalls()).toBe(0);
  });
});

describe('input is validated before any upstream call (F-01..F-04)', () => {
  it.each([
    '../../v2/consumer/blobs/x',
    '..%2f..%2fv2',
    '%252e%252e%252f',
    'abc%2Fdef',
    'abc\\..\\x',
    '5-20260101000000000/../x',
    'x'.repeat(10_000),
    '5-20260101000000000\u0000',
    '\u202E5-20260101000000000',
    '５-20260101000000000',
  ])('refuses workflow id %j', async (id) => {
    const { response, body } = await call(getWorkflow as Handler, '/api/workflows/x', { id });
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ kind: 'invalid_input', field: 'id' });
    expect(upstreamCalls()).toBe(0);
  });

  it('refuses bad job ids, step names and user ids', async () => {
    expect((await call(getJob as Handler, '/api/jobs/x', { id: '../x' })).body).toMatchObject({ field: 'id' });
    const workflowId = emulator.control.scenarios.drillDown24.workflowId;
    expect((await call(getStep as Handler, '/api/x', { id: workflowId, step: '../tags' })).body).toMatchObject({ field: 'step' });
    for (const userId of ['00012', '-5', '12.0', '12345678901234567890', '１２３']) {
      const { response, body } = await call(getUserWorkflows as Handler, '/api/x', { userId });
      expect(response.status).toBe(400);
      expect(body).toMatchObject({ field: 'userId' });
    }
    expect(upstreamCalls()).toBe(0);
  });

  it.each([
    ['take=1&take=9', 'take'],
    ['take=0', 'take'],
    ['take=1e9', 'take'],
    ['userId=00012', 'userId'],
    ['endUser=%EF%BC%91%EF%BC%92%EF%BC%93', 'endUser'],
    ['from=2026-02-01&to=2026-01-01', 'from'],
    ['from=9999-01-01', 'from'],
    ['tags=a%E2%80%AEb', 'tags'],
    [Array.from({ length: 500 }, (_, i) => `tags=t${i}`).join('&'), 'tags'],
    ['status=pending', 'status'],
    ['cursor=not-ours', 'cursor'],
  ])('refuses list query %s', async (query, field) => {
    const started = performance.now();
    const { response, body } = await call(listWorkflows as Handler, `/api/workflows?${query}`);
    expect(performance.now() - started).toBeLessThan(100);
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ kind: 'invalid_input', field });
    expect(typeof body.title).toBe('string');
    expect(upstreamCalls()).toBe(0);
  });

  it('answers 414 to a 100 KB query string', async () => {
    const { response } = await call(listWorkflows as Handler, `/api/workflows?q=${'a'.repeat(100_000)}`);
    expect(response.status).toBe(414);
    expect(upstreamCalls()).toBe(0);
  });

  it('never echoes the hostile value back', async () => {
    const { text } = await call(getWorkflow as Handler, '/api/x', { id: '<script>alert(1)</script>' });
    expect(text).not.toContain('<script>');
  });
});

describe('answers', () => {
  it('lists workflows with a signed cursor, no-store', async () => {
    const { response, body } = await call(listWorkflows as Handler, '/api/workflows?take=5&status=succeeded');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.items).toHaveLength(5);
    // Rows made on the server, not the upstream's whole workflows (steps, parameters and metadata stay behind).
    const [row] = body.items as Record<string, unknown>[];
    expect(row).toMatchObject({ detailed: true, stepCount: expect.any(Number), blobCount: expect.any(Number), risk: expect.any(Object) });
    expect(row).not.toHaveProperty('steps');
    expect(row).not.toHaveProperty('params');
    expect(typeof body.next).toBe('string');
    const next = await call(listWorkflows as Handler, `/api/workflows?take=5&status=succeeded&cursor=${body.next}`);
    expect(next.response.status).toBe(200);
    const other = await call(listWorkflows as Handler, `/api/workflows?take=5&status=failed&cursor=${body.next}`);
    expect(other.response.status).toBe(400);
    expect(other.body).toMatchObject({ field: 'cursor', title: 'The list changed, start again.' });
  });

  it('reads the drill-down of a workflow', async () => {
    const { drillDown24 } = emulator.control.scenarios;
    const { response, body } = await call(getWorkflow as Handler, '/api/x', { id: drillDown24.workflowId });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ partial: false, workflow: { id: drillDown24.workflowId } });
    expect(body.jobs).toHaveLength(24);
  });

  it('reads one step and one job', async () => {
    const { drillDown24, riskyUser } = emulator.control.scenarios;
    const step = await call(getStep as Handler, '/api/x', { id: drillDown24.workflowId, step: drillDown24.stepNames[1]! });
    expect(step.body).toMatchObject({ name: drillDown24.stepNames[1], type: 'imageGen' });
    const job = await call(getJob as Handler, '/api/x', { id: riskyUser.aboveJobId });
    expect(job.body).toMatchObject({ jobId: riskyUser.aboveJobId, scan: { csam: { worst: 'above' } } });
  });

  it("lists a Civitai user's workflows through the manager endpoint", async () => {
    const { riskyUser } = emulator.control.scenarios;
    const { body } = await call(getUserWorkflows as Handler, '/api/x?take=100', { userId: String(riskyUser.userId) });
    expect(body.items).toHaveLength(riskyUser.workflowCount);
    expect(emulator.control.calls({ path: /^\/v1\/manager\/workflows$/ })).toHaveLength(1);
  });

  it('says a missing workflow is missing', async () => {
    const { response, body } = await call(getWorkflow as Handler, '/api/x', { id: '5-20200101000000000' });
    expect(response.status).toBe(404);
    expect(body).toMatchObject({ kind: 'not_found', title: 'No workflow with this id (it may have been deleted).' });
  });

  it('reports the upstream, the breaker and the token class', async () => {
    const { response, body } = await call(getStatus as Handler, '/api/status');
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      reachable: true,
      problem: null,
      breaker: { state: 'closed' },
      tokenClass: 'service',
      upstreamKind: 'emulator',
      databaseKind: 'pglite',
    });
    expect(typeof body.latencyMs).toBe('number');
  });
});

describe('upstream failures as the browser sees them', () => {
  it('maps a refused credential to 502 with a message for the admin, and never shows the token (F-12, F-13)', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    const echo = JSON.stringify({ title: `Authorization: Bearer ${token}` });
    for (const status of [401, 500]) {
      emulator.control.setFaults([{ path: '^/v2/consumer/workflows$', kind: 'status', status, body: echo, contentType: 'application/problem+json' }]);
      const { response, text, body } = await call(listWorkflows as Handler, '/api/workflows');
      expect(response.status).toBe(status === 401 ? 502 : 503);
      expect(text).not.toContain(token);
      if (status === 401) expect(body.title).toBe("Console's upstream credential rejected — contact admin");
    }
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain(token);
  });

  it('answers 503 with Retry-After when the upstream asks for a longer wait than the budget (F-16)', async () => {
    emulator.control.setFaults([{ path: '^/v2/consumer/workflows$', kind: 'status', status: 429, retryAfter: '120' }]);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { response, body } = await call(listWorkflows as Handler, '/api/workflows');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(body).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 120 });
    expect(upstreamCalls()).toBe(1);
  });

  it('answers 503 to an HTML page, with no stack (F-21)', async () => {
    emulator.control.setFaults([{ path: '^/v2/consumer/workflows/', kind: 'html' }]);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { response, text } = await call(getWorkflow as Handler, '/api/x', { id: emulator.control.scenarios.drillDown24.workflowId });
    expect(response.status).toBe(503);
    expect(text).not.toMatch(/at .*\.ts/);
  });
});
