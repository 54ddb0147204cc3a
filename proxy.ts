import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, STATIC_SECURITY_HEADERS } from '@/lib/http/security-headers';
import { MEDIA_RESPONSE_HEADERS } from '@/lib/media/headers';
import { REQUEST_PATH_HEADER, requestPathOf } from '@/lib/http/request-path';

/**
 * Adds a per-request CSP nonce and the security headers. Authorisation is NOT done here:
 * every page, route handler and the data layer check the session themselves.
 */
export function proxy(request: NextRequest) {
  // Media responses carry their own sandboxing CSP; a page CSP would weaken it (TEST-PLAN F-30).
  const isMedia = request.nextUrl.pathname.startsWith('/api/media/');
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = isMedia
    ? MEDIA_RESPONSE_HEADERS['Content-Security-Policy']!
    : contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  // Lets a page send a signed-out moderator to sign-in and back here (lib/auth/session.ts requirePageRole).
  requestHeaders.set(REQUEST_PATH_HEADER, requestPathOf(request.nextUrl));

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
