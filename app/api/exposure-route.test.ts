import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { auditEvent, user } from '@/lib/db/schema';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { POST as approve } from './exposure/approvals/route';

/** POST /api/exposure/approvals: a senior lifts a reviewer's daily reveal cap for today, audited; bad input is refused. */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const SENIOR: SessionUser = { id: 'u-sam', email: 'sam@example.test', name: 'Sam', role: 'senior', sessionId: 's-sam' };
let database: TestDatabase;

async function post(body: unknown) {
  const response = await approve(
    new Request('http://console.test/api/exposure/approvals', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'console.test' },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const approvals = async () => (await database.handle.db.select().from(auditEvent)).filter((row) => row.action === 'exposure_approval');

beforeAll(async () => {
  database = await openTestDatabase('PGlite');
  await database.handle.db.insert(user).values({ id: 'u-mo', name: 'Mo', email: 'mo@example.test', role: 'moderator' });
});
afterAll(() => database.dispose());
beforeEach(() => {
  session.requireRole.mockReset();
  session.requireRole.mockResolvedValue(SENIOR);
});

describe('POST /api/exposure/approvals', () => {
  it('refuses bad input naming the field, an unknown reviewer with 404, and a moderator with 403, writing nothing', async () => {
    for (const [body, field] of [
      [{ userId: 'u-mo', extra: 0, reason: 'a long enough reason' }, 'extra'],
      [{ userId: 'u-mo', extra: 5, reason: 'short' }, 'reason'],
      [{ extra: 5, reason: 'a long enough reason' }, 'userId'],
    ] as const) {
      const { status, body: problem } = await post(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(problem).toMatchObject({ kind: 'invalid_input', field });
    }
    expect((await post({ userId: 'u-nobody', extra: 5, reason: 'a long enough reason' })).status).toBe(404);
    session.requireRole.mockRejectedValue(new AuthError('forbidden'));
    expect((await post({ userId: 'u-mo', extra: 5, reason: 'a long enough reason' })).status).toBe(403);
    expect(await approvals()).toEqual([]);
  });

  it('records the approval in the audit log (no cap configured: the allowance is null)', async () => {
    const { status, body } = await post({ userId: 'u-mo', extra: 5, reason: 'backlog after the incident' });
    expect(status).toBe(200);
    expect(body).toEqual({ allowance: null });
    expect(await approvals()).toMatchObject([{ actorId: SENIOR.id, targetType: 'user', targetId: 'u-mo', detail: { extra: 5 }, reason: 'backlog after the incident' }]);
  });
});
