import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryAudit } from '@/lib/audit/audit';
import { session as sessionTable, user as userTable } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env-schema';
import { OIDC_ACCOUNTS, startOidcProvider, type IdTokenFault, type RunningOidcProvider } from '@/emulator/oidc/provider';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { SsoBrowser } from '@/test/sso-browser';
import { CLIENT_IP_HEADER, createAuth, type ConsoleAuth } from './auth';
import { resolveSessionUser } from './session';
import type { SessionUser } from './session-user';
import { ssoConfigOf } from './sso';
import { createUser, setDisabled } from './user-store';

/**
 * Company sign-in end to end below the browser: better-auth's handler in-process, a real OpenID provider
 * (oidc-provider) on a loopback port, the provider's own login form posted as a browser would.
 */

const BASE = 'http://127.0.0.1:3998';
const limits = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 };
const ADMIN_PASSWORD = 'break-glass-password-0123';

for (const name of DATABASES) {
  describe.skipIf(!databaseAvailable(name, 'company sign-in'))(`company sign-in on ${name}`, () => {
    let database: TestDatabase;
    let provider: RunningOidcProvider;
    let auth: ConsoleAuth;
    let admin: SessionUser;

    function authFor(ssoOnly: boolean): ConsoleAuth {
      const sso = ssoConfigOf(parseEnv(provider.consoleEnv));
      return createAuth(database.handle.db, {
        baseUrl: BASE,
        secret: 'a-test-secret-that-is-long-enough-0123456789',
        sessionMaxHours: 12,
        signInPerMinute: 1000,
        freeFailures: 100,
        sso,
        ssoOnly,
      });
    }

    beforeAll(async () => {
      database = await openTestDatabase(name);
      provider = await startOidcProvider({ consoleUrls: [BASE] });
      auth = authFor(false);
      // The break-glass admin has a company account too (ada@corp.test): it must still never sign in through the IdP.
      const created = await createUser({ email: OIDC_ACCOUNTS.admin.email, role: 'admin', password: ADMIN_PASSWORD }, { actor: null }, { breakGlass: true });
      admin = { ...created.user, role: 'admin', sessionId: 'test' };
    });

    afterAll(async () => {
      await provider?.close();
      await database?.dispose();
    });

    beforeEach(() => provider.setIdTokenFault(null));

    async function sessionCount(): Promise<number> {
      const [row] = await database.handle.db.select({ sessions: count() }).from(sessionTable);
      return row!.sessions;
    }

    async function latestAudit(action: 'sso_sign_in' | 'sso_sign_in_refused' | 'sso_role_change') {
      const { events } = await queryAudit(admin, { action });
      return events[0];
    }

    describe('company sign-in through a real OpenID provider', () => {
      it('creates a moderator just in time from the groups claim, signs them in and audits it', async () => {
        const browser = new SsoBrowser(auth, BASE);
        const answer = await browser.signIn(OIDC_ACCOUNTS.moderator.email);
        expect(answer).toMatchObject({ location: '/', error: null, signedIn: true });
        const user = await resolveSessionUser(auth, browser.sessionHeaders(), new Date(), limits);
        expect(user).toMatchObject({ email: 'mona@corp.test', name: 'Mona Moderator', role: 'moderator' });
        expect(await latestAudit('sso_sign_in')).toMatchObject({
          actorEmail: 'mona@corp.test',
          actorRole: 'moderator',
          targetId: user!.sessionId,
          ip: '203.0.113.50',
          detail: { created: true, role: 'moderator', groups: ['all-staff', 'trust-safety'] },
        });
      });

      it('gives a user in no mapped group the viewer role', async () => {
        const browser = new SsoBrowser(auth, BASE);
        expect((await browser.signIn(OIDC_ACCOUNTS.viewer.email)).signedIn).toBe(true);
        expect(await resolveSessionUser(auth, browser.sessionHeaders(), new Date(), limits)).toMatchObject({ role: 'viewer' });
      });

      it('sends the authorization request with PKCE (S256), state and nonce', async () => {
        const browser = new SsoBrowser(auth, BASE);
        const { url } = (await (await browser.start()).json()) as { url: string };
        const params = new URL(url).searchParams;
        expect(params.get('response_type')).toBe('code');
        expect(params.get('code_challenge_method')).toBe('S256');
        expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
        expect(params.get('state')).toMatch(/\S{16,}/);
        expect(params.get('nonce')).toMatch(/\S{16,}/);
        expect(params.get('scope')?.split(' ')).toContain('openid');
      });

      it('lowers the role at the next sign-in when the user leaves the group, ending their other sessions', async () => {
        const email = OIDC_ACCOUNTS.moderator.email;
        const first = new SsoBrowser(auth, BASE);
        await first.signIn(email);
        expect(await resolveSessionUser(auth, first.sessionHeaders(), new Date(), limits)).toMatchObject({ role: 'moderator' });

        provider.setGroups(email, ['all-staff']);
        try {
          const second = new SsoBrowser(auth, BASE);
          expect((await second.signIn(email)).signedIn).toBe(true);
          expect(await resolveSessionUser(auth, second.sessionHeaders(), new Date(), limits)).toMatchObject({ role: 'viewer' });
          // The session from before the change is gone, as after an admin's role change.
          expect(await resolveSessionUser(auth, first.sessionHeaders(), new Date(), limits)).toBeNull();
          expect(await latestAudit('sso_role_change')).toMatchObject({ actorId: null, detail: { email, from: 'moderator', to: 'viewer', groups: ['all-staff'] } });
          expect((await latestAudit('sso_role_change'))!.detail!.sessionsEnded).toBeGreaterThanOrEqual(1);
        } finally {
          provider.setGroups(email, [...OIDC_ACCOUNTS.moderator.groups]);
        }
      });

      it('links an account an admin created with the same email, and gives it the role of its groups', async () => {
        const email = OIDC_ACCOUNTS.senior.email;
        const invited = await createUser({ email, role: 'viewer', password: 'an-invite-password-1' }, { actor: admin });
        const browser = new SsoBrowser(auth, BASE);
        expect((await browser.signIn(email)).signedIn).toBe(true);
        expect(await resolveSessionUser(auth, browser.sessionHeaders(), new Date(), limits)).toMatchObject({ id: invited.user.id, role: 'senior' });
        expect(await latestAudit('sso_role_change')).toMatchObject({ targetId: invited.user.id, detail: { from: 'viewer', to: 'senior' } });
        expect(await latestAudit('sso_sign_in')).toMatchObject({ actorId: invited.user.id, detail: { role: 'senior', previousRole: 'viewer' } });
      });

      it.each([
        ['an email domain that is not allowed', OIDC_ACCOUNTS.otherDomain.email, 'sso_wrong_domain'],
        ['no group at all', OIDC_ACCOUNTS.noGroup.email, 'sso_no_group'],
      ])('refuses %s: no account, no session, one audit row', async (_case, email, code) => {
        const sessionsBefore = await sessionCount();
        const answer = await new SsoBrowser(auth, BASE).signIn(email);
        expect(answer).toMatchObject({ error: code, signedIn: false });
        expect(answer.location).toMatch(/^\/sign-in\?error=/);
        expect(await sessionCount()).toBe(sessionsBefore);
        expect(await database.handle.db.select().from(userTable).where(eq(userTable.email, email))).toEqual([]);
        expect(await latestAudit('sso_sign_in_refused')).toMatchObject({ targetId: email, detail: { reason: code } });
      });

      it('refuses a disabled account, whatever the IdP says', async () => {
        const email = OIDC_ACCOUNTS.viewer.email;
        await new SsoBrowser(auth, BASE).signIn(email);
        const [victor] = await database.handle.db.select().from(userTable).where(eq(userTable.email, email));
        await setDisabled(victor!.id, true, { actor: admin });
        try {
          const sessionsBefore = await sessionCount();
          const answer = await new SsoBrowser(auth, BASE).signIn(email);
          expect(answer).toMatchObject({ error: 'sso_account_disabled', signedIn: false });
          expect(await sessionCount()).toBe(sessionsBefore);
          expect(await latestAudit('sso_sign_in_refused')).toMatchObject({ targetId: email, detail: { reason: 'sso_account_disabled' } });
        } finally {
          await setDisabled(victor!.id, false, { actor: admin });
        }
      });

      it('refuses a callback whose state is not the one this browser started', async () => {
        const browser = new SsoBrowser(auth, BASE);
        const { url } = (await (await browser.start()).json()) as { url: string };
        const callback = new URL(await browser.signInAtProvider(url, OIDC_ACCOUNTS.moderator.email));
        callback.searchParams.set('state', 'a-state-this-console-never-issued');
        const sessionsBefore = await sessionCount();
        const answer = await browser.callback(callback.href);
        expect(answer.signedIn).toBe(false);
        expect(answer.error).toMatch(/^state_/);
        expect(await sessionCount()).toBe(sessionsBefore);
        expect(await latestAudit('sso_sign_in_refused')).toMatchObject({ targetId: '(unknown)', detail: { reason: answer.error } });
      });

      it('refuses a replayed authorization code', async () => {
        const browser = new SsoBrowser(auth, BASE);
        const { url } = (await (await browser.start()).json()) as { url: string };
        const used = new URL(await browser.signInAtProvider(url, OIDC_ACCOUNTS.moderator.email));
        expect((await browser.callback(used.href)).signedIn).toBe(true);

        // The same code again, carried by a fresh, valid state from this browser: the provider refuses it.
        const replay = new SsoBrowser(auth, BASE);
        const { url: fresh } = (await (await replay.start()).json()) as { url: string };
        used.searchParams.set('state', new URL(fresh).searchParams.get('state')!);
        const sessionsBefore = await sessionCount();
        const answer = await replay.callback(used.href);
        expect(answer).toMatchObject({ error: 'invalid_code', signedIn: false });
        expect(await sessionCount()).toBe(sessionsBefore);
      });

      it.each<[string, IdTokenFault]>([
        ['signed by another key', 'foreign_key'],
        ['from another issuer', 'wrong_issuer'],
        ['for another audience', 'wrong_audience'],
        ['expired', 'expired'],
      ])('refuses an ID token %s: no session', async (_case, fault) => {
        provider.setIdTokenFault(fault);
        const sessionsBefore = await sessionCount();
        const answer = await new SsoBrowser(auth, BASE).signIn(OIDC_ACCOUNTS.moderator.email);
        expect(answer).toMatchObject({ error: 'unable_to_get_user_info', signedIn: false });
        expect(await sessionCount()).toBe(sessionsBefore);
        expect(await latestAudit('sso_sign_in_refused')).toMatchObject({ detail: { reason: 'unable_to_get_user_info' } });
      });

      it('accepts no ID token posted directly to the sign-in endpoint', async () => {
        const response = await new SsoBrowser(auth, BASE).start({ idToken: { token: 'eyJhbGciOiJub25lIn0.e30.' } });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ code: 'ID_TOKEN_SIGN_IN_DISABLED' });
      });
    });

    describe('SSO_ONLY=true', () => {
      let ssoOnly: ConsoleAuth;
      beforeAll(() => {
        ssoOnly = authFor(true);
      });

      function passwordSignIn(email: string, password: string): Promise<Response> {
        return ssoOnly.handler(
          new Request(`${BASE}/api/auth/sign-in/email`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: BASE, [CLIENT_IP_HEADER]: '203.0.113.60' },
            body: JSON.stringify({ email, password }),
          }),
        );
      }

      it('refuses a password sign-in of an ordinary account like a wrong password, and audits why', async () => {
        await createUser({ email: 'pat@corp.test', role: 'moderator', password: 'a-good-password-123' }, { actor: null });
        const response = await passwordSignIn('pat@corp.test', 'a-good-password-123');
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ code: 'INVALID_EMAIL_OR_PASSWORD' });
        const { events } = await queryAudit(admin, { action: 'sign_in_failed', targetId: 'pat@corp.test' });
        expect(events[0]).toMatchObject({ detail: { reason: 'password_sign_in_off' } });
      });

      it('lets the break-glass admin in with their password, and never through the IdP', async () => {
        expect((await passwordSignIn(OIDC_ACCOUNTS.admin.email, ADMIN_PASSWORD)).status).toBe(200);
        const answer = await new SsoBrowser(ssoOnly, BASE).signIn(OIDC_ACCOUNTS.admin.email);
        expect(answer).toMatchObject({ error: 'sso_break_glass', signedIn: false });
      });

      it('still signs company accounts in through the IdP', async () => {
        expect((await new SsoBrowser(ssoOnly, BASE).signIn(OIDC_ACCOUNTS.viewer.email)).signedIn).toBe(true);
      });
    });
  });
}
