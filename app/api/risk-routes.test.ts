import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { db } from '@/lib/db/client';
import { resetEnvForTests } from '@/lib/env';
import { resetOrchestratorForTests } from '@/lib/orchestrator/console-client';
import { emulatorForFile } from '@/test/orchestrator';
import { rowsOf } from '@/lib/risk-index/work';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { GET as getOverview } from './overview/route';
import { GET as getStatus } from './status/route';
import { POST as postWebhook } from './webhooks/orchestrator/route';
import { GET as listWorkflows } from './workflows/route';

/**
 * The risk index's API edges: the upstream's webhook refuses a wrong secret, a replay, a huge or malformed body and
 * writes nothing then; the list refuses bad risk parameters before any upstream call; the status reports the index;
 * the overview refuses a window it does not know and reads the index alone; moderators watch and unwatch (audited).
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const VIEWER: SessionUser = { id: 'u1', email: 'viewer@example.test', name: 'Vera Viewer', role: 'viewer', sessionId: 's1' };
const SECRET = 'the-shared-webhook-secret-0001';
const started = emulatorForFile({ workflows: 100 });
const saved = { ...process.env };
let database: TestDatabase;

const noParams = { params: Promise.resolve({}) };
const EVENT = { $type: 'workflow', workflowId: '5-20261201100000123', status: 'succeeded', timestamp: '2026-12-01T10:00:01.1234567Z' };

function hook(body: string, headers: Record<string, string> = { 'x-webhook-secret': SECRET }, query = '') {
  return postWebhook(new Request(`http://console.test/api/webhooks/orchestrator${query}`, { method: 'POST', headers, body }));
}

async function unitsWritten(): Promise<number> {
  return Number(rowsOf(await (await db()).execute(sql`select count(*)::int as n from index_work`))[0]!.n);
}

beforeAll(async () => {
  database = await openTestDatabase('PGlite');
  const emulator = started();
  Object.assign(process.env, {
    CIVITAI_API_URL: emulator.url,
    CIVITAI_API_TOKEN: emulator.control.scenarios.tokens.service,
    ORCHESTRATOR_WEBHOOK_SECRET: SECRET,
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
  resetOrchestratorForTests();
  session.requireRole.mockResolvedValue(VIEWER);
});

describe('POST /api/webhooks/orchestrator', () => {
  it('refuses a wrong or missing secret with 401, writing nothing', async () => {
    expect((await hook(JSON.stringify(EVENT), { 'x-webhook-secret': `${SECRET}x` })).status).toBe(401);
    expect((await hook(JSON.stringify(EVENT), {})).status).toBe(401);
    expect((await hook(JSON.stringify(EVENT), {}, '?secret=nope')).status).toBe(401);
    expect(await unitsWritten()).toBe(0);
  });

  it('refuses a body over 64 KB with 413 and a malformed one with 400, writing nothing', async () => {
    const huge = JSON.stringify({ ...EVENT, details: { padding: 'x'.repeat(70_000) } });
    expect((await hook(huge)).status).toBe(413);
    expect((await hook(huge, { 'x-webhook-secret': SECRET, 'content-length': '1' })).status).toBe(413);
    for (const body of ['not json', '[]', JSON.stringify({ ...EVENT, workflowId: '../../etc' }), JSON.stringify({ ...EVENT, status: 'deleted' }), JSON.stringify({ ...EVENT, timestamp: 'yesterday' }), JSON.stringify({ ...EVENT, $type: 'other' })]) {
      expect((await hook(body)).status, body.slice(0, 40)).toBe(400);
    }
    expect(await unitsWritten()).toBe(0);
  });

  it('queues one read for a valid event (header or ?secret=), and a replay writes nothing', async () => {
    const first = await hook(JSON.stringify(EVENT));
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ workflowId: EVENT.workflowId, queued: true });
    const replay = await hook(JSON.stringify(EVENT), { 'content-type': 'application/json' }, `?secret=${SECRET}`);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true });
    expect(await unitsWritten()).toBe(1);
  });

  it('is not there (404) while no secret is configured', async () => {
    delete process.env.ORCHESTRATOR_WEBHOOK_SECRET;
    resetEnvForTests();
    try {
      expect((await hook(JSON.stringify({ ...EVENT, status: 'failed' }))).status).toBe(404);
      expect(await unitsWritten()).toBe(1);
    } finally {
      process.env.ORCHESTRATOR_WEBHOOK_SECRET = SECRET;
      resetEnvForTests();
    }
  });
});

describe('GET /api/workflows with risk', () => {
  it.each([['minRisk=below', 'minRisk'], ['minRisk=', 'minRisk'], ['sort=worst', 'sort'], ['sort=risk&sort=risk', 'sort']])('refuses %s with 400 before any upstream call', async (query, field) => {
    started().control.clearCalls();
    const response = await listWorkflows(new Request(`http://console.test/api/workflows?${query}`), noParams);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain(field);
    expect(started().control.calls()).toHaveLength(0);
  });

  it('answers minRisk/sort from the index (no upstream call), the plain list from the upstream with risk on each item', async () => {
    started().control.clearCalls();
    const fromIndex = await listWorkflows(new Request('http://console.test/api/workflows?minRisk=above&sort=risk'), noParams);
    expect(fromIndex.status).toBe(200);
    expect(await fromIndex.json()).toMatchObject({ source: 'index', items: [], next: null, upstreamCalls: 0 });
    expect(started().control.calls()).toHaveLength(0);
    const upstream = await listWorkflows(new Request('http://console.test/api/workflows?take=3'), noParams);
    const body = (await upstream.json()) as { source: string; items: { risk: unknown }[] };
    expect(body.source).toBe('upstream');
    expect(body.items).toHaveLength(3);
    expect(body.items.every((item) => JSON.stringify(item.risk) === JSON.stringify({ band: 'pending', csamPercent: null }))).toBe(true);
  });
});

describe('GET /api/status', () => {
  it('reports the index', async () => {
    const response = await getStatus(new Request('http://console.test/api/status'), noParams);
    expect(((await response.json()) as { index: unknown }).index).toEqual({
      enabled: true,
      workflows: 0,
      outputs: 0,
      followerLagSeconds: null,
      backfillDone: false,
      lastError: null,
    });
  });
});

describe('watched users (moderators watch and unwatch; admins list)', () => {
  const MODERATOR: SessionUser = { id: 'u-mod', email: 'mod@example.test', name: 'Mo Moderator', role: 'moderator', sessionId: 's8' };

  it('a moderator watches a user (audited, the index follows them), twice is harmless; the role checked is moderator', async () => {
    const { PUT: watch } = await import('./watched-users/[userId]/route');
    const request = () =>
      new Request('http://console.test/api/watched-users/4242', { method: 'PUT', headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' } });
    const context = { params: Promise.resolve({ userId: '4242' }) };
    session.requireRole.mockResolvedValue(MODERATOR);
    expect((await watch(request(), context)).status).toBe(200);
    expect((await watch(request(), context)).status).toBe(200);
    expect(session.requireRole).toHaveBeenCalledWith('moderator', expect.any(Request));
    const rows = rowsOf(await (await db()).execute(sql`select user_id::int as id, reason from watched_user where user_id = 4242`));
    expect(rows).toEqual([{ id: 4242, reason: 'watched' }]);
    expect(rowsOf(await (await db()).execute(sql`select count(*)::int as n from audit_event where action = 'user_watch' and target_id = '4242'`))[0]!.n).toBe(2);
    const bad = await watch(request(), { params: Promise.resolve({ userId: 'abc' }) });
    expect(bad.status).toBe(400);
    session.requireRole.mockRejectedValueOnce(new AuthError('forbidden'));
    expect((await watch(request(), context)).status).toBe(403);
    const { DELETE: unwatch } = await import('./watched-users/[userId]/route');
    const stop = new Request('http://console.test/api/watched-users/4242', { method: 'DELETE', headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' } });
    expect((await unwatch(stop, context)).status).toBe(200);
    expect(rowsOf(await (await db()).execute(sql`select count(*)::int as n from watched_user where user_id = 4242`))[0]!.n).toBe(0);
  });

  const ADMIN: SessionUser = { id: 'u-admin', email: 'admin@example.test', name: 'Ada Admin', role: 'admin', sessionId: 's9' };

  it('lists the followed users, and an unwatch is audited once and answers 404 the second time', async () => {
    const { watchUser } = await import('@/lib/risk-index/watch');
    const { GET: listWatched } = await import('./watched-users/route');
    const { DELETE: unwatch } = await import('./watched-users/[userId]/route');
    session.requireRole.mockResolvedValue(ADMIN);
    await watchUser(1637892, 'u-mod', 'opened');
    const listed = await (await listWatched(new Request('http://console.test/api/watched-users'), noParams)).json();
    expect(listed.users).toEqual([expect.objectContaining({ userId: 1637892, reason: 'opened' })]);

    const request = () =>
      new Request('http://console.test/api/watched-users/1637892', {
        method: 'DELETE',
        headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      });
    const context = { params: Promise.resolve({ userId: '1637892' }) };
    expect((await unwatch(request(), context)).status).toBe(200);
    expect((await unwatch(request(), context)).status).toBe(404);
    const audited = rowsOf(await (await db()).execute(sql`select action, target_id from audit_event where action = 'user_unwatch' and target_id = '1637892'`));
    expect(audited).toEqual([{ action: 'user_unwatch', target_id: '1637892' }]);
    expect(rowsOf(await (await db()).execute(sql`select count(*)::int as n from index_work where key = 'watch:1637892'`))[0]!.n).toBe(0);
  });
});

describe('GET /api/overview', () => {
  const overview = (query: string) => getOverview(new Request(`http://console.test/api/overview${query}`), noParams);

  it.each(['?window=1y', '?window=', '?window=24H', '?window=24h&window=7d'])('refuses %s with 400 naming the field', async (query) => {
    const response = await overview(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ kind: 'invalid_input', field: 'window' });
  });

  it('answers 401 without a session and 403 below viewer, checking the viewer role', async () => {
    session.requireRole.mockRejectedValueOnce(new AuthError('unauthenticated'));
    expect((await overview('?window=7d')).status).toBe(401);
    session.requireRole.mockRejectedValueOnce(new AuthError('forbidden'));
    expect((await overview('?window=7d')).status).toBe(403);
    expect(session.requireRole).toHaveBeenCalledWith('viewer', expect.any(Request));
  });

  it('reads the index alone: an empty index answers zero counts, no users and no newest workflow', async () => {
    started().control.clearCalls();
    const response = await overview('');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      window: '24h',
      bands: { below: 0, near: 0, above: 0, unknown: 0 },
      civitaiUsers: [],
      endUsers: [],
      index: { newestWorkflowAt: null },
    });
    expect(started().control.calls()).toHaveLength(0);
  });
});
