import 'server-only';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { eq } from 'drizzle-orm';
import { insertAudit, recentSignInFailures } from '@/lib/audit/audit';
import { db, type Database } from '@/lib/db/client';
import { schema, user as userTable } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { isRole } from './roles';
import { forgetCachedSession } from './session-cache';
import { isSsoCallback, refuseDirectIdToken, ssoConfigOf, ssoPlugin, ssoSignIn, type SsoConfig } from './sso';
import { SSO_PROVIDER_ID } from './sso-policy';
import { signInFacts } from './user-store';
import { FAILURE_WINDOW_MS, signInWaitMs } from './throttle';
import type { SessionUser } from './session-user';

/**
 * better-auth, configured for the console: email + password accounts created by admins only (no sign-up), and with
 * SSO_ISSUER the company identity provider (./sso.ts: just-in-time accounts, roles from groups); sessions in the
 * database, sign-in rate-limited per client address and backed off per account and address, every sign-in and
 * failure audited. Idle timeout, absolute lifetime and disabled users are enforced in ./session.ts on every request.
 */

/** Set by the /api/auth route from the trusted X-Forwarded-For hop; anything a client sends under this name is dropped. */
export const CLIENT_IP_HEADER = 'x-console-client-ip';
export const REQUEST_ID_HEADER = 'x-console-request-id';

const SIGN_IN_PATH = '/sign-in/email';
const SOCIAL_SIGN_IN_PATH = '/sign-in/social';

export type AuthConfig = {
  baseUrl: string;
  secret: string;
  sessionMaxHours: number;
  signInPerMinute: number;
  freeFailures: number;
  /** The company identity provider, or null for password sign-in only. */
  sso: SsoConfig | null;
  /** SSO_ONLY: password sign-in only for break-glass admins. */
  ssoOnly: boolean;
};

function configFromEnv(): AuthConfig {
  const config = env();
  return {
    baseUrl: config.BETTER_AUTH_URL,
    secret: config.BETTER_AUTH_SECRET,
    sessionMaxHours: config.SESSION_MAX_HOURS,
    signInPerMinute: config.SIGN_IN_RATE_LIMIT,
    freeFailures: config.SIGN_IN_FAILURE_LIMIT,
    sso: ssoConfigOf(config),
    ssoOnly: config.SSO_ONLY,
  };
}

function requestMetaOf(headers: Headers | undefined) {
  return { ip: headers?.get(CLIENT_IP_HEADER) ?? null, requestId: headers?.get(REQUEST_ID_HEADER) ?? null };
}

function attemptedEmail(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : '';
}

// The same answer for a wrong password, an unknown email and a disabled account: none of them is confirmed.
const REFUSED = { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' } as const;

export function createAuth(database: Database, config: AuthConfig) {
  const sso = config.sso ? ssoSignIn(database, config.sso, requestMetaOf) : null;
  return betterAuth({
    appName: 'Orchestration Review Console',
    baseURL: config.baseUrl,
    secret: config.secret,
    trustedOrigins: [new URL(config.baseUrl).origin],
    telemetry: { enabled: false },
    database: drizzleAdapter(database, { provider: 'pg', schema }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128 },
    // Accounts change only through the admin page and the CLI (audited), never through self-service endpoints.
    // The IdP's tokens stay on the server, and an account gains or loses a sign-in method only through SSO sign-in.
    disabledPaths: [
      '/sign-up/email',
      '/update-user',
      '/change-email',
      '/delete-user',
      '/request-password-reset',
      '/reset-password',
      '/link-social',
      '/unlink-account',
      '/get-access-token',
      '/refresh-token',
      '/account-info',
    ],
    // A refused company sign-in comes back to the sign-in page, which explains its `?error=` code.
    onAPIError: { errorURL: `${config.baseUrl}/sign-in` },
    // An account an admin created signs in through the IdP with the same email: the company IdP is trusted for it.
    // The IdP's access and refresh tokens the account row keeps are never used; encrypted, a copy of the database cannot use them.
    account: { accountLinking: { enabled: true, trustedProviders: [SSO_PROVIDER_ID] }, encryptOAuthTokens: true },
    user: {
      validateUserInfo: sso ? (data, ctx) => sso.validateIdentity(data, ctx) : undefined,
      additionalFields: {
        // input: false — no request body can set these; only the DAL (admin page, CLI) writes them.
        role: { type: 'string', defaultValue: 'viewer', input: false },
        disabled: { type: 'boolean', defaultValue: false, input: false },
      },
    },
    session: {
      // The absolute lifetime; refresh is off so it never slides. The idle timeout lives in lastSeenAt (./session.ts),
      // because a page render cannot rewrite the cookie that better-auth's own sliding expiry would need.
      expiresIn: config.sessionMaxHours * 3600,
      disableSessionRefresh: true,
      additionalFields: { lastSeenAt: { type: 'date', required: false, input: false } },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 120,
      // A company sign-in starts at /sign-in/social: the same allowance per address as a password sign-in.
      customRules: { [SIGN_IN_PATH]: { window: 60, max: config.signInPerMinute }, [SOCIAL_SIGN_IN_PATH]: { window: 60, max: config.signInPerMinute } },
    },
    advanced: {
      // Secure cookies (and the __Secure- prefix) whenever the console is served over https; tests and the demo
      // run on plain http://127.0.0.1, where a Secure cookie would never come back.
      useSecureCookies: config.baseUrl.startsWith('https:'),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      // Stated, not defaulted: better-auth skips the Origin check under NODE_ENV=test, and tests must see production.
      disableOriginCheck: false,
      disableCSRFCheck: false,
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user, ctx) => {
            const decided = sso?.roleOfNewUser(ctx);
            return decided === false ? false : decided ? { data: { ...user, ...decided } } : undefined;
          },
        },
      },
      session: {
        create: {
          // Defence in depth for every way a session can be made (password, SSO); then the IdP's role for SSO.
          before: async (session, ctx) => {
            const [owner] = await database.select({ disabled: userTable.disabled }).from(userTable).where(eq(userTable.id, session.userId));
            if (owner === undefined || owner.disabled) return false;
            if (sso) return sso.admitSession(session.userId, ctx);
            return !isSsoCallback(ctx);
          },
        },
        // better-auth's own sign-out and revoke endpoints end sessions too: this process forgets them at once.
        delete: { after: async (session) => forgetCachedSession(session.id) },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === SOCIAL_SIGN_IN_PATH) refuseDirectIdToken(ctx.body);
        if (ctx.path !== SIGN_IN_PATH) return;
        const email = attemptedEmail(ctx.body);
        if (!email) return;
        const meta = requestMetaOf(ctx.headers);
        if (config.ssoOnly && !(await signInFacts({ email }))?.breakGlass) {
          // Answered like a wrong password, so the refusal does not tell which address is the break-glass one.
          await insertAudit(database, { actor: null, action: 'sign_in_failed', targetType: 'user', targetId: email, detail: { reason: 'password_sign_in_off' }, ...meta });
          throw new APIError('UNAUTHORIZED', { ...REFUSED });
        }
        // Per account and address: wrong passwords sent from elsewhere never pause a moderator's own sign-in.
        const now = new Date();
        const failures = await recentSignInFailures(email, meta.ip, new Date(now.getTime() - FAILURE_WINDOW_MS));
        const waitSeconds = Math.ceil(signInWaitMs(failures, config.freeFailures, now) / 1000);
        if (waitSeconds === 0) return;
        await insertAudit(database, {
          actor: null,
          action: 'sign_in_failed',
          targetType: 'user',
          targetId: email,
          detail: { reason: 'account_throttled', failures: failures.count, waitSeconds },
          ...meta,
        });
        throw new APIError(
          'TOO_MANY_REQUESTS',
          { code: 'ACCOUNT_THROTTLED', message: `Too many failed sign-ins from here. Try again in ${waitSeconds} seconds.` },
          { 'Retry-After': String(waitSeconds) },
        );
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (sso && isSsoCallback(ctx)) return sso.auditCallback(ctx);
        if (ctx.path !== SIGN_IN_PATH) return;
        const meta = requestMetaOf(ctx.headers);
        const created = ctx.context.newSession;
        if (created && !isAPIError(ctx.context.returned)) {
          const role = created.user.role;
          const actor: SessionUser = {
            id: created.user.id,
            email: created.user.email,
            name: created.user.name,
            role: isRole(role) ? role : 'viewer',
            sessionId: created.session.id,
          };
          await insertAudit(database, { actor, action: 'sign_in', targetType: 'session', targetId: created.session.id, ...meta });
          return;
        }
        const returned = ctx.context.returned;
        const code = isAPIError(returned) ? String(returned.body?.code ?? returned.status) : 'unknown';
        await insertAudit(database, {
          actor: null,
          action: 'sign_in_failed',
          targetType: 'user',
          targetId: attemptedEmail(ctx.body) || '(none)',
          detail: { reason: code },
          ...meta,
        });
        // A disabled account fails at session creation; answer it exactly like a wrong password.
        if (code === 'FAILED_TO_CREATE_SESSION') throw new APIError('UNAUTHORIZED', { ...REFUSED });
      }),
    },
    // nextCookies must stay last: it copies Set-Cookie from server actions into Next's cookie store.
    plugins: [...(config.sso ? [ssoPlugin(config.sso)] : []), nextCookies()],
  });
}

export type ConsoleAuth = ReturnType<typeof createAuth>;

// One instance per database per process, on globalThis for the same reason as the database handle.
const AUTH = Symbol.for('review-console.auth');
type GlobalWithAuth = typeof globalThis & { [AUTH]?: { database: Database; auth: ConsoleAuth } };
const holder = globalThis as GlobalWithAuth;

/** The console's auth, built on first use against the console's database. */
export async function getAuth(): Promise<ConsoleAuth> {
  const database = await db();
  const cached = holder[AUTH];
  if (cached?.database === database) return cached.auth;
  const auth = createAuth(database, configFromEnv());
  holder[AUTH] = { database, auth };
  return auth;
}
