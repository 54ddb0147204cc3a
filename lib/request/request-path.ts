/**
 * The proxy copies the requested path and query into this request header, so a page that sends a signed-out
 * moderator to sign-in can bring them back (server components are not told their own URL).
 */
export const REQUEST_PATH_HEADER = 'x-console-path';

/** Path and query as the moderator sees them: without the router's internal `_rsc` cache-busting parameter. */
export function requestPathOf(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('_rsc');
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
