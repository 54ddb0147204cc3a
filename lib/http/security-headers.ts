/**
 * Security headers: the page CSP (per request, set by proxy.ts) and the fixed set next.config.ts puts on every
 * response, static assets included. Pure so the proxy stays thin and the policy is testable.
 */

export function contentSecurityPolicy(nonce: string, isDev: boolean): string {
  const scriptSrc = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`, ...(isDev ? [`'unsafe-eval'`] : [])];
  const styleSrc = [`'self'`, ...(isDev ? [`'unsafe-inline'`] : [])];
  return [
    `default-src 'self'`,
    `script-src ${scriptSrc.join(' ')}`,
    `style-src ${styleSrc.join(' ')}`,
    // Media only ever comes from our own proxy routes, never from the upstream or storage hosts.
    `img-src 'self' blob: data:`,
    `media-src 'self' blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
