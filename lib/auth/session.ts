import 'server-only';
import { getSessionCookie, parseCookies } from 'better-auth/cookies';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { appendRefusalAudit } from '@/lib/audit/audit';
import { endSession, touchSession, TOUCH_INTERVAL_MS } from '@/lib/auth/session-store';
import { env } from '@/lib/env';
import { REQUEST_PATH_HEADER, requestPathOf } from '@/lib/request/request-path';
import { requestMeta } from '@/lib/request/request-meta';
import { getAuth, type ConsoleAuth } from './auth';
import { signInPath } from './next-path';
import { isRole, roleAtLeast, type Role } from './roles';
import { sessionCache, type CachedSession, type SessionCache } from './session-cache';
import { AuthError, type SessionUser } from './session-user';

export { AuthError, type SessionUser } from './session-user';

export type SessionLimits = { idleMs: number; maxMs: number };

export function sessionLimits(): SessionLimits {
  const config = env();
  return { idleMs: config.SESSION_IDLE_MINUTES * 60_000, maxMs: config.SESSION_MAX_HOURS * 3_600_000 };
}

/**
 * The signed-in moderator for these request headers, or null. Beyond better-auth's own checks (signature, row
 * present, not past expiresAt) it refuses — and deletes — a session idle for too long, older than the absolute
 * lifetime, or belonging to a disabled user or an unknown role. A live session's last-seen time moves forward.
 * The row comes from `recentSessions` when read moments ago (./session-cache.ts); the checks run on every request.
 */
export async function resolveSessionUser(
  auth: ConsoleAuth,
  requestHeaders: Headers,
  now: Date,
  limits: SessionLimits,
  recentSessions: SessionCache = sessionCache(),
): Promise<SessionUser | null> {
  const { authCookies } = await auth.$context;
  // Exactly the cookie better-auth reads (its configured name), and better-auth is shown only this value: the
  // cached row is always the session this cookie names, however a client repeats or varies the cookie header.
  const cookieName = authCookies.sessionToken.name;
  const cookie = parseCookies(requestHeaders.get('cookie') ?? '').get(cookieName);
  if (!cookie) return null;
  const session = await recentSessions.get(cookie, () => readSession(auth, cookieName, cookie));
  if (!session) return null;
  const at = now.getTime();
  const idle = at - session.lastSeenAt.getTime() > limits.idleMs;
  const tooOld = at - session.createdAt.getTime() > limits.maxMs;
  // better-auth's own expiry, which a row read from memory has not been through.
  const expired = at > session.expiresAt.getTime();
  if (idle || tooOld || expired || session.disabled || !isRole(session.role)) {
    await endSession(session.sessionId);
    recentSessions.forgetSession(session.sessionId);
    return null;
  }
  if (at - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await touchSession(session.sessionId, now);
    recentSessions.markSeen(cookie, now);
  }
  return { id: session.userId, email: session.email, name: session.name, role: session.role, sessionId: session.sessionId };
}

/** One database read: better-auth checks the signature and expiry and finds the session with its user. */
async function readSession(auth: ConsoleAuth, cookieName: string, cookie: string): Promise<CachedSession | null> {
  const headers = new Headers({ cookie: `${cookieName}=${encodeURIComponent(cookie)}` });
  const found = await auth.api.getSession({ headers, query: { disableCookieCache: true } });
  if (!found) return null;
  const { session, user } = found;
  return {
    sessionId: session.id,
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    createdAt: new Date(session.createdAt),
    expiresAt: new Date(session.expiresAt),
    lastSeenAt: new Date(session.lastSeenAt ?? session.createdAt),
  };
}

/** The signed-in moderator of the current request (once per request), or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  return resolveSessionUser(await getAuth(), await headers(), new Date(), sessionLimits());
});

/**
 * Whether this request's refusal is already in the log. A page request checks twice in one render (the layout,
 * then the page), and one refused request is one row; React's cache is per request (outside a render it keeps
 * nothing, and a route handler checks once).
 */
const refusalOfThisRequest = cache((): { recorded: boolean } => ({ recorded: false }));

/** Records a refusal once per request, with its request id; best effort, because the refusal must happen anyway. */
async function recordDenied(user: SessionUser, minimum: Role, requestHeaders: Headers, request?: Request): Promise<void> {
  const refusal = refusalOfThisRequest();
  if (refusal.recorded) return;
  refusal.recorded = true;
  await appendRefusalAudit({
    actor: user,
    action: 'access_denied',
    targetType: 'session',
    targetId: user.sessionId,
    detail: { required: minimum, path: (requestHeaders.get(REQUEST_PATH_HEADER) ?? (request ? requestPathOf(new URL(request.url)) : null))?.slice(0, 512) ?? null },
    ...requestMeta(requestHeaders),
  });
}

/**
 * For route handlers and server actions: the user, or an AuthError (401 / 403) to map to a response. A route handler
 * passes its request, so a refusal names the path it asked for (the proxy, which sets the path header, runs for pages only).
 */
export async function requireRole(minimum: Role, request?: Request): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AuthError('unauthenticated');
  if (!roleAtLeast(user.role, minimum)) {
    await recordDenied(user, minimum, await headers(), request);
    throw new AuthError('forbidden', `This needs the ${minimum} role; you are ${user.role}.`);
  }
  return user;
}

/**
 * For pages: signed out → sign-in, then back here (with "your session ended" when a session cookie was sent but
 * is no longer valid); signed in with too low a role → the 403 page.
 */
export async function requirePageRole(minimum: Role): Promise<SessionUser> {
  const user = await getSessionUser();
  const requestHeaders = await headers();
  if (!user) redirect(signInPath(requestHeaders.get(REQUEST_PATH_HEADER), getSessionCookie(requestHeaders) ? 'expired' : undefined));
  if (!roleAtLeast(user.role, minimum)) {
    await recordDenied(user, minimum, requestHeaders);
    forbidden();
  }
  return user;
}
