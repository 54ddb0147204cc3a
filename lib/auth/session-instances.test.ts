import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';
import { endAllSessions, endSession } from '@/lib/auth/session-store';
import { changeRole, createUser, setDisabled } from '@/lib/auth/user-store';
import { databaseAvailable, openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '@/test/databases';
import { CLIENT_IP_HEADER, createAuth, type AuthConfig, type ConsoleAuth } from './auth';
import { resolveSessionUser } from './session';
import { SESSION_CACHE_TTL_MS, SessionCache } from './session-cache';
import type { SessionUser } from './session-user';

/**
 * Two console instances over one PostgreSQL database, each with its own better-auth, connection pool and session
 * cache. Instance A is this process's own (the one the data access layer forgets in); instance B runs on a clock
 * the test moves. A change made on A must hold on A at once and on B within 5 s.
 */

const BASE = 'http://127.0.0.1:3999';
const PASSWORD = 'correct horse battery staple';
const CROSS_INSTANCE_BOUND_MS = 5_000;
const limits = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 };
const config: AuthConfig = { baseUrl: BASE, secret: 'a-test-secret-that-is-long-enough-0123456789', sessionMaxHours: 12, signInPerMinute: 3, freeFailures: 2, sso: null, ssoOnly: false };

describe.skipIf(!databaseAvailable('PostgreSQL', 'session cache across instances'))('session cache across two console instances on PostgreSQL', () => {
  let database: TestDatabase;
  let otherPool: DatabaseHandle;
  let authA: ConsoleAuth;
  let authB: ConsoleAuth;
  let admin: SessionUser;
  let clockB = 0;
  let cacheB: SessionCache;
  let signIns = 0;

  beforeAll(async () => {
    database = await openTestDatabase('PostgreSQL');
    otherPool = await openDatabase({ kind: 'postgres', url: TEST_DATABASE_URL!, schema: database.schema });
    authA = createAuth(database.handle.db, config);
    authB = createAuth(otherPool.db, config);
    const created = await createUser({ email: 'root@example.test', role: 'admin', password: PASSWORD }, { actor: null });
    admin = { ...created.user, role: 'admin', sessionId: 'test' };
  });

  afterAll(async () => {
    await otherPool?.close();
    await database?.dispose();
  });

  const onA = (cookie: Headers) => resolveSessionUser(authA, cookie, new Date(), limits);
  const onB = (cookie: Headers) => resolveSessionUser(authB, cookie, new Date(), limits, cacheB);
  const onBAt = (cookie: Headers, at: number) => resolveSessionUser(authB, cookie, new Date(at), limits, cacheB);

  /** A fresh instance B for each test: an empty cache at time 0. */
  function restartB(): void {
    clockB = 0;
    cacheB = new SessionCache({ clock: () => clockB });
  }

  async function signIn(email: string): Promise<Headers> {
    signIns += 1;
    const response = await authA.handler(
      new Request(`${BASE}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE, [CLIENT_IP_HEADER]: `198.51.100.${signIns}` },
        body: JSON.stringify({ email, password: PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    return new Headers({ cookie: response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!).join('; ') });
  }

  /** A moderator signed in on two devices, each session live on both instances (so both caches hold it). */
  async function moderatorOnTwoDevices(email: string) {
    restartB();
    const { user } = await createUser({ email, role: 'moderator', password: PASSWORD }, { actor: null });
    const devices = [await signIn(email), await signIn(email)];
    for (const cookie of devices) {
      expect(await onA(cookie)).toMatchObject({ email, role: 'moderator' });
      expect(await onB(cookie)).toMatchObject({ email, role: 'moderator' });
    }
    return { userId: user.id, devices };
  }

  /** B keeps its copy for the TTL at most, then reads again and refuses; the TTL leaves room inside the 5 s bound. */
  async function expectRefusedOnBWithinBound(devices: Headers[]): Promise<void> {
    clockB += SESSION_CACHE_TTL_MS;
    for (const cookie of devices) expect(await onB(cookie)).toBeNull();
    expect(SESSION_CACHE_TTL_MS).toBeLessThan(CROSS_INSTANCE_BOUND_MS);
  }

  it('resolves a valid session from one database read per TTL, however many requests', async () => {
    restartB();
    await createUser({ email: 'busy@example.test', role: 'viewer', password: PASSWORD }, { actor: null });
    const cookie = await signIn('busy@example.test');
    const reads = vi.spyOn(authB.api, 'getSession');
    try {
      for (let request = 0; request < 25; request += 1) expect(await onB(cookie)).toMatchObject({ email: 'busy@example.test' });
      const concurrent = await Promise.all(Array.from({ length: 25 }, () => onB(cookie)));
      expect(concurrent.every((user) => user?.email === 'busy@example.test')).toBe(true);
      expect(reads).toHaveBeenCalledTimes(1);
      clockB += SESSION_CACHE_TTL_MS;
      await Promise.all(Array.from({ length: 10 }, () => onB(cookie)));
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
  });

  it('sign out everywhere on A: refused on A at once, on B within 5 s', async () => {
    const { userId, devices } = await moderatorOnTwoDevices('everywhere@example.test');
    expect(await endAllSessions(userId)).toBe(2);
    for (const cookie of devices) expect(await onA(cookie)).toBeNull();
    await expectRefusedOnBWithinBound(devices);
  });

  it('ending one session on A: that device refused on A at once and on B within 5 s, the other device still signed in', async () => {
    const { devices } = await moderatorOnTwoDevices('one-device@example.test');
    const [ended, kept] = devices as [Headers, Headers];
    await endSession((await onA(ended))!.sessionId);
    expect(await onA(ended)).toBeNull();
    expect(await onA(kept)).not.toBeNull();
    await expectRefusedOnBWithinBound([ended]);
    expect(await onB(kept)).not.toBeNull();
  });

  it('disabling the user on A: refused on A at once, on B within 5 s', async () => {
    const { userId, devices } = await moderatorOnTwoDevices('disabled@example.test');
    await setDisabled(userId, true, { actor: admin });
    for (const cookie of devices) expect(await onA(cookie)).toBeNull();
    await expectRefusedOnBWithinBound(devices);
  });

  it('a role change on A: the old role refused on A at once, on B within 5 s', async () => {
    const { userId, devices } = await moderatorOnTwoDevices('promoted@example.test');
    await changeRole(userId, 'senior', { actor: admin });
    for (const cookie of devices) expect(await onA(cookie)).toBeNull();
    await expectRefusedOnBWithinBound(devices);
    // Signed in again, the new role shows on both.
    const again = await signIn('promoted@example.test');
    expect(await onA(again)).toMatchObject({ role: 'senior' });
    expect(await onB(again)).toMatchObject({ role: 'senior' });
  });

  it("better-auth's own sign-out and revoke endpoints on A: refused on A at once, on B within 5 s", async () => {
    const { devices } = await moderatorOnTwoDevices('revoker@example.test');
    const [signedOut, revoked] = devices as [Headers, Headers];
    const post = (path: string, cookie: Headers) =>
      authA.handler(new Request(`${BASE}/api/auth/${path}`, { method: 'POST', headers: { cookie: cookie.get('cookie')!, origin: BASE, 'content-type': 'application/json' }, body: '{}' }));
    expect((await post('sign-out', signedOut)).status).toBe(200);
    expect(await onA(signedOut)).toBeNull();
    expect(await onA(revoked)).not.toBeNull();
    expect((await post('revoke-sessions', revoked)).status).toBe(200);
    expect(await onA(revoked)).toBeNull();
    await expectRefusedOnBWithinBound(devices);
  });

  it('on the real clock, an instance that held the session refuses it within 5 s of sign-out everywhere', async () => {
    const { userId, devices } = await moderatorOnTwoDevices('real-clock@example.test');
    const realB = new SessionCache();
    expect(await resolveSessionUser(authB, devices[0]!, new Date(), limits, realB)).not.toBeNull();
    await endAllSessions(userId);
    const endedAt = performance.now();
    // Wait on the condition, bounded: the test fails past 6 s, the bound is asserted at 5 s.
    while ((await resolveSessionUser(authB, devices[0]!, new Date(), limits, realB)) !== null && performance.now() - endedAt < 6_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(performance.now() - endedAt).toBeLessThan(CROSS_INSTANCE_BOUND_MS);
    expect(await resolveSessionUser(authB, devices[0]!, new Date(), limits, realB)).toBeNull();
  });

  it('judges idleness on the last-seen time it wrote, not on the older one it read', async () => {
    restartB();
    await createUser({ email: 'steady@example.test', role: 'viewer', password: PASSWORD }, { actor: null });
    const cookie = await signIn('steady@example.test');
    const start = Date.now();
    const reads = vi.spyOn(authB.api, 'getSession');
    try {
      // 61 s in: the guard writes last-seen; 29 min after that the session is still live, from the same cached read.
      expect(await onBAt(cookie, start + 61_000)).not.toBeNull();
      expect(await onBAt(cookie, start + 61_000 + 29 * 60_000)).not.toBeNull();
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });
});
