import 'server-only';
import { appendAudit } from '@/lib/audit/audit';
import { endAllSessions, endSession } from '@/lib/auth/session-store';
import { problemResponse } from '@/lib/http/problem';
import { guardRequest } from '@/lib/http/request-guard';
import { requestMeta } from '@/lib/request/request-meta';
import { consoleLogger } from '@/lib/log';
import { getAuth } from '@/lib/auth/auth';
import { signInPath } from '@/lib/auth/next-path';
import { SIGN_OUT_EVERYWHERE, SIGN_OUT_SCOPE_FIELD } from '@/lib/auth/sign-out-form';
import { getSessionUser } from '@/lib/auth/session';

/**
 * Ends this session (or all of the user's), audits it, expires the cookies and tells the browser to drop what it
 * kept of the console (Clear-Site-Data), then sends it to the sign-in page. Always succeeds for the browser: a
 * failed audit write is logged, never a reason to keep someone signed in.
 */
export async function signOut(request: Request): Promise<Response> {
  try {
    await guardRequest(request, 'form');
  } catch (error) {
    return problemResponse(error, { route: 'POST /api/auth/sign-out' });
  }
  const form = await request.formData().catch(() => null);
  const everywhere = form?.get(SIGN_OUT_SCOPE_FIELD) === SIGN_OUT_EVERYWHERE;
  const user = await getSessionUser();
  if (user) {
    const sessionsEnded = everywhere ? await endAllSessions(user.id) : (await endSession(user.sessionId), 1);
    try {
      await appendAudit({ actor: user, action: 'sign_out', targetType: 'session', targetId: user.sessionId, detail: { everywhere, sessionsEnded }, ...requestMeta(request.headers) });
    } catch (error) {
      consoleLogger('error', 'audit.write_failed', { action: 'sign_out', error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  const { authCookies } = await (await getAuth()).$context;
  const headers = new Headers({
    Location: signInPath(null, 'signed_out'),
    'Cache-Control': 'no-store',
    // Cached pages, cookies and storage of this origin: nothing of the console stays in the browser.
    'Clear-Site-Data': '"cache", "cookies", "storage"',
  });
  for (const cookie of [authCookies.sessionToken, authCookies.sessionData, authCookies.dontRememberToken, authCookies.accountData]) {
    const secure = cookie.attributes.secure ? '; Secure' : '';
    headers.append('Set-Cookie', `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
  }
  return new Response(null, { status: 303, headers });
}
