import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/index';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { appendAudit } from '@/lib/audit/audit';
import { auditEvent } from '@/lib/db/schema';
import type { UserRisk } from '@/lib/users/risk';
import type { UserHistoryAnswer, UserStrikesAnswer } from '@/lib/users/api';
import { upstreamModeratorId } from '@/lib/users/strikes';
import { startConsoleUnderTest, type ConsoleUnderTest } from '@/test/console-under-test';
import { POST as decide } from './decisions/route';
import { GET as userHistory } from './users/[userId]/history/route';
import { GET as userRisk } from './users/[userId]/risk/route';
import { POST as reviewStrikes } from './users/[userId]/strikes/review/route';
import { GET as userStrikes } from './users/[userId]/strikes/route';
import { GET as readWorkflow } from './workflows/[id]/route';

/**
 * The user page's routes: the risk overview from the index, the strikes (moderators), marking them reviewed
 * (seniors, audited, sent once) and the team's history. Bad ids and bodies are refused before any upstream call.
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const person = (role: Role): SessionUser => ({ id: `u-${role}`, email: `${role}@example.test`, name: `Pat ${role}`, role, sessionId: `s-${role}` });
let current: SessionUser = person('moderator');

let emulator: RunningEmulator;
let started: ConsoleUnderTest;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, path: string, params: Record<string, string>, body?: unknown) {
  const request = new Request(`http://console.test${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'content-type': 'application/json', host: 'console.test' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

const risky = () => emulator.control.scenarios.riskyUser;
const strikesOf = (userId: string) => call(userStrikes as Handler, `/api/users/${userId}/strikes`, { userId });
const review = (userId: string, body: unknown) => call(reviewStrikes as Handler, `/api/users/${userId}/strikes/review`, { userId }, body);
const upstreamWrites = () => emulator.control.calls().filter((entry) => entry.method !== 'GET');

async function auditOf(action: string) {
  return started.database.handle.db.select().from(auditEvent).where(eq(auditEvent.action, action));
}

beforeAll(async () => {
  started = await startConsoleUnderTest({ workflows: 60 });
  ({ emulator } = started);
  session.requireRole.mockImplementation(async (minimum: Role) => {
    if (!roleAtLeast(current.role, minimum)) throw new AuthError('forbidden');
    return current;
  });
  // The drill-down writes the risky workflow into the index, as a moderator opening it does.
  current = person('moderator');
  const { workflowId } = risky();
  expect((await call(readWorkflow as Handler, `/api/workflows/${workflowId}`, { id: workflowId })).status).toBe(200);
});

afterAll(async () => {
  await started?.dispose();
});

beforeEach(() => {
  current = person('moderator');
  emulator.control.clearFaults();
  emulator.control.clearCalls();
});

describe('user ids', () => {
  it.each(['01', 'abc', '12345678901', '-5', '1.5'])('refuses %j with a 400 problem on every user route, before any upstream call', async (userId) => {
    current = person('senior');
    for (const [handler, body] of [
      [userRisk, undefined],
      [userStrikes, undefined],
      [userHistory, undefined],
      [reviewStrikes, { notes: 'looked' }],
    ] as const) {
      const answer = await call(handler as Handler, `/api/users/${encodeURIComponent(userId)}/x`, { userId }, body);
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ kind: 'invalid_input', field: 'userId' });
    }
    expect(emulator.control.calls()).toEqual([]);
  });
});

describe('GET /api/users/[userId]/risk', () => {
  it('answers counts, bands and the riskiest workflows from the index alone', async () => {
    current = person('viewer');
    const { userId, workflowId } = risky();
    const answer = await call(userRisk as Handler, `/api/users/${userId}/risk`, { userId: String(userId) });
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as UserRisk;
    expect(body.workflowCount).toBe(1);
    expect(body.bands.above).toBeGreaterThan(0);
    expect(body.riskiest[0]).toMatchObject({ id: workflowId, risk: { band: 'above' } });
    expect(body.histogram.reduce((sum, bin) => sum + bin.count, 0) + body.bands.unknown).toBe(body.outputCount);
    expect(emulator.control.calls()).toEqual([]);
  });

  it('answers zeros for a user the index has not seen', async () => {
    const answer = await call(userRisk as Handler, '/api/users/987654/risk', { userId: '987654' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ workflowCount: 0, outputCount: 0, riskiest: [], firstActivity: null });
  });
});

describe('GET /api/users/[userId]/strikes', () => {
  it('refuses a viewer with 403', async () => {
    current = person('viewer');
    expect((await strikesOf(String(risky().userId))).status).toBe(403);
  });

  it('turns an upstream 500 into a problem, not an empty list (nothing cached yet)', async () => {
    emulator.control.setFaults([{ path: '/strikes$', kind: 'status', status: 500 }]);
    const answer = await strikesOf(String(risky().userId));
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ kind: 'upstream_unavailable' });
  });

  it('flattens the strikes, each blob placed by the index and gated on the server, without storage URLs', async () => {
    const { userId, aboveJobId, strikeCount, workflowId } = risky();
    const answer = await strikesOf(String(userId));
    expect(answer.status).toBe(200);
    const { strikes } = answer.body as unknown as UserStrikesAnswer;
    expect(strikes).toHaveLength(strikeCount);
    const above = strikes.find((strike) => strike.jobId === aboveJobId)!;
    expect(above).toMatchObject({ reason: 'csam', status: 'Pending' });
    expect(above.prompt).toBeTruthy();
    expect(above.blobs.length).toBeGreaterThan(0);
    for (const blob of above.blobs) {
      expect(blob.workflowId).toBe(workflowId);
      expect(blob.gate).not.toBeNull();
      if (blob.risk?.band === 'above') expect(blob.gate?.tier).toBe(3);
    }
    expect(above.blobs.some((blob) => blob.risk?.band === 'above')).toBe(true);
    expect(JSON.stringify(strikes)).not.toMatch(/previewUrl|https?:\/\//);
  });

  it('answers an empty list for a user never flagged', async () => {
    const { userId } = emulator.control.scenarios.cleanUser;
    expect((await strikesOf(String(userId))).body).toEqual({ userId: String(userId), strikes: [] });
  });

});

describe('POST /api/users/[userId]/strikes/review', () => {
  it('refuses a moderator with 403, sending and auditing nothing', async () => {
    const answer = await review(String(risky().userId), { notes: 'looked at them' });
    expect(answer.status).toBe(403);
    expect(upstreamWrites()).toEqual([]);
    expect(await auditOf('strikes_review')).toEqual([]);
  });

  it.each([[{}], [{ notes: '' }], [{ notes: '   ' }], [{ notes: 'x'.repeat(1001) }], [{ notes: 'hidden\u200btext' }], ['not json']])(
    'refuses the body %j with 400, sending and auditing nothing',
    async (body) => {
      current = person('senior');
      const answer = await review(String(risky().userId), body);
      expect(answer.status).toBe(400);
      expect(upstreamWrites()).toEqual([]);
      expect(await auditOf('strikes_review')).toEqual([]);
    },
  );

  it('says so when the upstream refuses, and the audit log records the failure', async () => {
    current = person('senior');
    emulator.control.setFaults([{ method: 'POST', path: '/strikes/review$', kind: 'status', status: 500 }]);
    const answer = await review(String(risky().userId), { notes: 'first try' });
    expect(answer.status).toBe(503);
    expect(upstreamWrites()).toHaveLength(1);
    const rows = await auditOf('strikes_review');
    expect(rows.map((row) => (row.detail as { outcome?: string }).outcome ?? 'attempt')).toEqual(['attempt', 'failed']);
  });

  it('marks the strikes reviewed upstream with a stable moderator number, audited; the group then reads Reviewed', async () => {
    current = person('senior');
    const { userId } = risky();
    const answer = await review(String(userId), { notes: '  Checked every strike.  ' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ reviewed: true, moderatorId: upstreamModeratorId('u-senior') });
    expect(upstreamModeratorId('u-senior')).toBe(upstreamModeratorId('u-senior'));
    expect(upstreamModeratorId('u-senior')).not.toBe(upstreamModeratorId('u-admin'));
    const last = (await auditOf('strikes_review')).at(-1)!;
    expect(last).toMatchObject({ actorId: 'u-senior', targetType: 'user', targetId: String(userId), reason: 'Checked every strike.' });
    const { strikes } = (await strikesOf(String(userId))).body as unknown as UserStrikesAnswer;
    expect(new Set(strikes.map((strike) => strike.status))).toEqual(new Set(['Reviewed']));
  });
});

describe('GET /api/users/[userId]/history', () => {
  it('refuses a viewer with 403', async () => {
    current = person('viewer');
    expect((await call(userHistory as Handler, '/api/users/1/history', { userId: '1' })).status).toBe(403);
  });

  it("lists this user's decisions and reveals newest first, and nobody else's", async () => {
    const { userId, workflowId } = risky();
    const other = emulator.control.scenarios.cleanUser;
    const decided = await call(decide as Handler, '/api/decisions', {}, { workflowId, kind: 'ok', expectedVersion: 0, workflowVersionSeen: 'succeeded:0123456789abcdef' });
    expect(decided.status).toBe(200);
    await appendAudit({ actor: current, action: 'reveal', targetType: 'blob', targetId: 'BLOB-A', workflowId, reason: 'first look' });
    await appendAudit({ actor: current, action: 'reveal', targetType: 'blob', targetId: 'BLOB-B', workflowId: `${other.userId}-20260101000000000`, reason: 'other user' });
    await appendAudit({ actor: current, action: 'reveal', targetType: 'blob', targetId: 'BLOB-C', workflowId, reason: 'second look' });
    const answer = await call(userHistory as Handler, `/api/users/${userId}/history`, { userId: String(userId) });
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as UserHistoryAnswer;
    expect(body.decisions.map((decision) => [decision.workflowId, decision.kind])).toEqual([[workflowId, 'ok']]);
    expect(body.reveals.map((reveal) => reveal.reason)).toEqual(['second look', 'first look']);
    expect(body.reveals[0]).toMatchObject({ workflowId, targetType: 'blob', targetId: 'BLOB-C', actorName: null });
  });
});
