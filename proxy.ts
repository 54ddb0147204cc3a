import { NextResponse, type NextRequest } from 'next/server';
import { refusalFor } from '@/lib/request/same-origin';
import { env } from '@/lib/env';
import { contentSecurityPolicy } from '@/lib/http/security-headers';
import { MEDIA_RESPONSE_HEADERS } from '@/lib/media/headers';
import { REQUEST_PATH_HEADER, requestPathOf } from '@/lib/request/request-path';

/** Where a server action post the request guard refuses is sent, so it is audited and answered 403 (app/api/refused). */
export const REFUSED_ACTION_PATH = '/api/refused';

/**
 * Adds a per-request CSP nonce (the other security headers come from next.config.ts, static assets included).
 * Authorisation is NOT done here: every page, route handler and the data layer check the session themselves.
 *
 * One thing is decided here: a write to a page is a server action, and Next.js answers one from a foreign origin with
 * a 500 after its own check. The request guard's rule runs first; a refused post goes to a route that audits it once
 * and answers 403 problem+json, and the action never runs.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const requestHeaders = new Headers(request.headers);
  // Lets a page send a signed-out moderator to sign-in and back here (lib/auth/session.ts requirePageRole), and
  // the guard name the path a refused request asked for (the proxy runs again on the rewrite: keep the original).
  if (pathname !== REFUSED_ACTION_PATH || !request.headers.has(REQUEST_PATH_HEADER)) {
    requestHeaders.set(REQUEST_PATH_HEADER, requestPathOf(request.nextUrl));
  }

  const isAction = request.method === 'POST' && !pathname.startsWith('/api/');
  if (isAction && refusalFor(request.headers, new URL(env().BETTER_AUTH_URL).origin, 'action')) {
    requestHeaders.delete('next-action');
    return NextResponse.rewrite(new URL(REFUSED_ACTION_PATH, request.url), { request: { headers: requestHeaders } });
  }

  // Media responses carry their own sandboxing CSP; a page CSP would weaken it (TEST-PLAN F-30).
  const isMedia = pathname.startsWith('/api/media/');
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = isMedia
    ? MEDIA_RESPONSE_HEADERS['Content-Security-Policy']!
    : contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

// Pages only: an API route answers JSON (or media with its own headers) and needs no nonce; skipping the proxy there
// saves every API request Next's middleware pass (next.config.ts gives API answers a static CSP instead).
export const config = {
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico).*)' }],
};
