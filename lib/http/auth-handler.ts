import 'server-only';
import { appendAudit, type AuditEventInput } from '@/lib/audit/audit';
import { problemResponse } from '@/lib/http/problem';
import { guardRoute, readCappedBody } from '@/lib/http/request-guard';
import { requestMeta } from '@/lib/request/request-meta';
import { CLIENT_IP_HEADER, getAuth, REQUEST_ID_HEADER } from '@/lib/auth/auth';
import { getSessionUser } from '@/lib/auth/session';
import type { SessionUser } from '@/lib/auth/session-user';

/** better-auth endpoints that change a signed-in user's sessions or password: each is audited. */
const ACCOUNT_CHANGES: Readonly<Record<string, (user: SessionUser) => Omit<AuditEventInput, 'actor'>>> = {
  '/api/auth/revoke-session': (user) => ({ action: 'session_revoke', targetType: 'session', targetId: user.sessionId, detail: { scope: 'one' } }),
  '/api/auth/revoke-sessions': (user) => ({ action: 'session_revoke', targetType: 'session', targetId: user.sessionId, detail: { scope: 'all' } }),
  '/api/auth/revoke-other-sessions': (user) => ({ action: 'session_revoke', targetType: 'session', targetId: user.sessionId, detail: { scope: 'others' } }),
  '/api/auth/change-password': (user) => ({ action: 'password_change', targetType: 'user', targetId: user.id }),
};

/**
 * Every /api/auth/* request: a write passes the request guard first (same origin, JSON, bounded body); the client
 * address and request id are the entry point's (a client cannot supply them), the session cookie is checked
 * against the idle timeout, absolute lifetime and disabled users, then better-auth answers. A change to sessions or
 * the password is audited before it happens (no row, no change), and a second row says so if it then failed.
 * Nothing it returns may be cached.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const isWrite = request.method !== 'GET' && request.method !== 'HEAD';
  const meta = requestMeta(request.headers);
  let body: Uint8Array<ArrayBuffer> | undefined;
  let change: AuditEventInput | undefined;
  try {
    await guardRoute(request);
    // Ends (and deletes) a session that is idle, too old or disabled, so better-auth never sees it as live.
    const user = await getSessionUser();
    body = isWrite ? await readCappedBody(request) : undefined;
    const audited = isWrite && user ? ACCOUNT_CHANGES[new URL(request.url).pathname] : undefined;
    change = audited && user ? { ...audited(user), actor: user, ...meta } : undefined;
    if (change) await appendAudit(change);
  } catch (error) {
    return problemResponse(error, { route: `${request.method} /api/auth/[...all]` });
  }

  const headers = new Headers(request.headers);
  headers.delete(CLIENT_IP_HEADER);
  if (meta.ip) headers.set(CLIENT_IP_HEADER, meta.ip);
  headers.set(REQUEST_ID_HEADER, meta.requestId);
  const response = await (await getAuth()).handler(new Request(request.url, { method: request.method, headers, body }));
  if (change && !response.ok) {
    await appendAudit({ ...change, detail: { ...change.detail, outcome: 'failed', status: response.status } }).catch(() => {});
  }
  const answer = new Response(response.body, response);
  answer.headers.set('Cache-Control', 'no-store');
  return answer;
}
