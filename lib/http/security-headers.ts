/**
 * Security headers: the page CSP (per request, set by proxy.ts) and the fixed set next.config.ts puts on every
 * response, static assets included. Pure so the proxy stays thin and the policy is testable.
 */

/**
 * sonner (the toasts) inserts its stylesheet as one inline <style> at load: appended empty, then filled. These
 * allow exactly that stylesheet (and the empty one it starts as) and nothing else. Its text is a constant of the
 * installed version: security-headers.test.ts recomputes the hash from node_modules/sonner, so an upgrade that
 * changes it fails the unit tests instead of the browser.
 */
export const SONNER_STYLE_HASHES = [`'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='`, `'sha256-StEaX+se6YS7pqjzrzMIA0KaX9zF/8zAhvQXZAe5epY='`] as const;

export function contentSecurityPolicy(nonce: string, isDev: boolean): string {
  const scriptSrc = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`, ...(isDev ? [`'unsafe-eval'`] : [])];
  // In development 'unsafe-inline' covers it (a hash next to it would switch 'unsafe-inline' off).
  const styleSrc = [`'self'`, ...(isDev ? [`'unsafe-inline'`] : SONNER_STYLE_HASHES)];
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

/** API answers (JSON, server-sent events): the proxy does not run for them, so their CSP is this static one. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
