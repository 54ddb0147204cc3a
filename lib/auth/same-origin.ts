/**
 * Is this state-changing request from the console's own pages? Browsers send Origin on POST, but as "null" for a
 * plain form post under Referrer-Policy: no-referrer; Sec-Fetch-Site then says where it came from. A request with
 * neither is not from a browser, so it cannot carry a victim's cookies (the CSRF case) and is let through.
 */
export function isSameOriginRequest(request: Request, consoleOrigin: string): boolean {
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null') return origin === consoleOrigin || origin === new URL(request.url).origin;
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  return origin === null;
}
