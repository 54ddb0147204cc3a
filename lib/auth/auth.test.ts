import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '@/lib/audit/audit';
import { db } from '@/lib/db/client';
import { session as sessionTable } from '@/lib/db/schema';
import { createUser, setDisabled } from '@/lib/auth/user-store';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { CLIENT_IP_HEADER, createAuth, REQUEST_ID_HEADER, type ConsoleAuth } from './auth';
import { resolveSessionUser } from './session';
import type { SessionUser } from './session-user';

const BASE = 'http://127.0.0.1:3999';
const PASSWORD = 'correct horse battery staple';
const limits = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 };
const system = { actor: null };

function signInRequest(email: string, password: string, ip = '203.0.113.10', origin = BASE): Request {
  return new Request(`${BASE}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, [CLIENT_IP_HEADER]: ip, [REQUEST_ID_HEADER]: 'req-sign-in' },
    body: JSON.stringify({ email, password }),
  });
}

/** The session cookie a response set, as a Cookie header for the next request. */
function cookieFrom(response: Response): Headers {
  const pairs = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
  return new Headers({ cookie: pairs.join('; ') });
}

for (const name of DATABASES) {
  describe.skipIf(!databaseAvailable(name, 'auth'))(`sign-in and sessions on ${name}`, () => {
    let database: TestDatabase;
    let auth: ConsoleAuth;
    let admin: SessionUser;

    beforeAll(async () => {
      database = await openTestDatabase(name);
      auth = createAuth(database.handle.db, {
        baseUrl: BASE,
        secret: 'a-test-secret-that-is-long-enough-0123456789',
        sessionMaxHours: 12,
        signInPerMinute: 3,
        freeFailures: 2,
        sso: null,
        ssoOnly: false,
      });
      const created = await createUser({ email: 'root@example.test', role: 'admin', password: PASSWORD }, system);
      admin = { ...created.user, role: 'admin', sessionId: 'test' };
    });

    afterAll(async () => {
      await database?.dispose();
    });

    async function signIn(email: string, ip?: string): Promise<{ response: Response; cookie: Headers }> {
      const response = await auth.handler(signInRequest(email, PASSWORD, ip));
      return { response, cookie: cookieFrom(response) };
    }

    it('signs in with the right password: an httpOnly SameSite=Lax cookie and an audit row with the trusted address', async () => {
      await createUser({ email: 'mia@example.test', role: 'moderator', password: PASSWORD }, system);
      const { response, cookie } = await signIn('Mia@Example.test', '198.51.100.20');
      expect(response.status).toBe(200);
      const setCookie = response.headers.getSetCookie().find((value) => value.includes('session_token'))!;
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).not.toMatch(/Secure/i);

      const user = await resolveSessionUser(auth, cookie, new Date(), limits);
      expect(user).toMatchObject({ email: 'mia@example.test', role: 'moderator' });
      const { events } = await queryAudit(admin, { action: 'sign_in', actor: 'mia@example.test' });
      expect(events[0]).toMatchObject({ actorRole: 'moderator', targetType: 'session', targetId: user!.sessionId, ip: '198.51.100.20', requestId: 'req-sign-in' });
    });

    it('refuses a wrong password, an unknown email and a disabled account alike, and audits each', async () => {
      const disabled = await createUser({ email: 'gone@example.test', role: 'moderator', password: PASSWORD }, system);
      await setDisabled(disabled.user.id, true, { actor: admin });

      const answers = await Promise.all([
        auth.handler(signInRequest('root@example.test', 'wrong password!!', '192.0.2.1')),
        auth.handler(signInRequest('nobody@example.test', PASSWORD, '192.0.2.2')),
        auth.handler(signInRequest('gone@example.test', PASSWORD, '192.0.2.3')),
      ]);
      const bodies = await Promise.all(answers.map((answer) => answer.json()));
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
      expect(new Set(bodies.map((body) => body.code))).toEqual(new Set(['INVALID_EMAIL_OR_PASSWORD']));
      expect(answers.every((answer) => answer.headers.getSetCookie().every((cookie) => !cookie.includes('session_token=') || /Max-Age=0/i.test(cookie)))).toBe(true);

      const failed = await queryAudit(admin, { action: 'sign_in_failed' });
      expect(failed.events.map((event) => event.targetId).sort()).toEqual(['gone@example.test', 'nobody@example.test', 'root@example.test']);
      expect(failed.events.find((event) => event.targetId === 'gone@example.test')?.detail).toEqual({ reason: 'FAILED_TO_CREATE_SESSION' });
    });

    it('rate-limits sign-in per client address', async () => {
      await createUser({ email: 'busy@example.test', role: 'viewer', password: PASSWORD }, system);
      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await signIn('busy@example.test', '192.0.2.50')).response.status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await signIn('busy@example.test', '192.0.2.51')).response.status).toBe(200);
    });

    it('backs off one address after repeated failures on an account, and never the owner signing in from elsewhere', async () => {
      await createUser({ email: 'target@example.test', role: 'viewer', password: PASSWORD }, system);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        expect((await auth.handler(signInRequest('target@example.test', 'guess guess guess', '192.0.2.60'))).status).toBe(401);
      }
      // The address that guessed waits, even with the right password...
      const paused = await auth.handler(signInRequest('target@example.test', PASSWORD, '192.0.2.60'));
      expect(paused.status).toBe(429);
      expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await paused.json()).toMatchObject({ code: 'ACCOUNT_THROTTLED' });
      const { events } = await queryAudit(admin, { targetId: 'target@example.test', action: 'sign_in_failed' });
      expect(events[0]?.detail).toMatchObject({ reason: 'account_throttled' });
      expect(events[0]?.ip).toBe('192.0.2.60');
      // ...other guessers from other addresses get their own free attempts, and the owner signs in from theirs.
      expect((await auth.handler(signInRequest('target@example.test', 'guess guess guess', '192.0.2.61'))).status).toBe(401);
      expect((await signIn('target@example.test', '192.0.2.62')).response.status).toBe(200);
    });

    it('has no self sign-up and refuses a foreign origin', async () => {
      const signUp = await auth.handler(
        new Request(`${BASE}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BASE },
          body: JSON.stringify({ email: 'self@example.test', password: PASSWORD, name: 'Self', role: 'admin' }),
        }),
      );
      expect(signUp.status).toBeGreaterThanOrEqual(400);
      const { cookie } = await signIn('root@example.test', '192.0.2.70');
      const foreign = await auth.handler(
        new Request(`${BASE}/api/auth/revoke-sessions`, { method: 'POST', headers: { cookie: cookie.get('cookie')!, origin: 'https://evil.test', 'content-type': 'application/json' }, body: '{}' }),
      );
      expect(foreign.status).toBe(403);
    });

    it('ends a session idle for longer than the idle timeout, and deletes it', async () => {
      await createUser({ email: 'idle@example.test', role: 'viewer', password: PASSWORD }, system);
      const { cookie } = await signIn('idle@example.test', '192.0.2.80');
      const now = new Date();
      const live = await resolveSessionUser(auth, cookie, new Date(now.getTime() + 29 * 60_000), limits);
      expect(live).not.toBeNull();
      // That use moved last-seen forward: 29 more minutes are still fine, 31 after it are not.
      expect(await resolveSessionUser(auth, cookie, new Date(now.getTime() + 58 * 60_000), limits)).not.toBeNull();
      expect(await resolveSessionUser(auth, cookie, new Date(now.getTime() + 90 * 60_000), limits)).toBeNull();
      expect(await (await db()).select().from(sessionTable).where(eq(sessionTable.id, live!.sessionId))).toEqual([]);
    });

    it('ends a session past its absolute lifetime even when it is used all the time', async () => {
      await createUser({ email: 'long@example.test', role: 'viewer', password: PASSWORD }, system);
      const { cookie } = await signIn('long@example.test', '192.0.2.81');
      const start = Date.now();
      for (let hour = 0; hour < 12; hour += 1) {
        expect(await resolveSessionUser(auth, cookie, new Date(start + hour * 3_600_000 + 60_001), { ...limits, idleMs: 2 * 3_600_000 })).not.toBeNull();
      }
      expect(await resolveSessionUser(auth, cookie, new Date(start + 12 * 3_600_000 + 120_000), { ...limits, idleMs: 2 * 3_600_000 })).toBeNull();
    });

    it('refuses the session of a user disabled mid-session', async () => {
      const created = await createUser({ email: 'mid@example.test', role: 'moderator', password: PASSWORD }, system);
      const { cookie } = await signIn('mid@example.test', '192.0.2.82');
      expect(await resolveSessionUser(auth, cookie, new Date(), limits)).not.toBeNull();
      await setDisabled(created.user.id, true, { actor: admin });
      expect(await resolveSessionUser(auth, cookie, new Date(), limits)).toBeNull();
    });

    it('knows no one without a cookie or with a forged one', async () => {
      expect(await resolveSessionUser(auth, new Headers(), new Date(), limits)).toBeNull();
      expect(await resolveSessionUser(auth, new Headers({ cookie: 'better-auth.session_token=forged.value' }), new Date(), limits)).toBeNull();
    });
  });
}
