/**
 * Where to go after signing in. Only a path on this console is accepted: anything that could leave the origin
 * (`//evil.test`, `/\evil.test`, `https://…`, `javascript:`), loop back to sign-in, or land on a raw API answer
 * falls back to the default. Plain TypeScript: the sign-in form and the server both use it.
 */

export const DEFAULT_AFTER_SIGN_IN = '/workflows';
export const SIGN_IN_PATH = '/sign-in';

const BASE = 'http://console.invalid';

export function safeNextPath(raw: string | null | undefined, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return fallback;
  // One leading slash, then not a second slash or backslash (protocol-relative), and no control characters anywhere.
  if (!/^\/(?![/\\])/.test(raw) || /[\\\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  if (url.pathname === SIGN_IN_PATH || url.pathname.startsWith(`${SIGN_IN_PATH}/`) || url.pathname.startsWith('/api/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

export type SignInReason = 'expired' | 'signed_out';

/** The sign-in address that brings the moderator back to `next` afterwards. */
export function signInPath(next?: string | null, reason?: SignInReason): string {
  const params = new URLSearchParams();
  const target = next ? safeNextPath(next, '') : '';
  if (target) params.set('next', target);
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return query ? `${SIGN_IN_PATH}?${query}` : SIGN_IN_PATH;
}
