/**
 * Where to go after signing in. The raw value is first resolved against the console's origin the way a browser
 * would resolve it (dot segments, encoded dots, backslashes), and only then checked: what survives is a path on this
 * console that resolves to itself, never one a browser would read as another host (`//evil.test` after `/.//`
 * collapses), never sign-in itself or a raw API answer. Anything else falls back to the default. Plain TypeScript:
 * the sign-in form and the server both use it.
 */

export const DEFAULT_AFTER_SIGN_IN = '/workflows';
export const SIGN_IN_PATH = '/sign-in';

// Stands in for the console's origin: only whether a value stays on it matters, not which origin it is.
const BASE = 'http://console.invalid';

/** A path that starts with exactly one slash and has no backslash, tab, newline or other control character. */
const PLAIN_PATH = /^\/(?![/\\])[^\\\u0000-\u001f\u007f]*$/;

function resolveOnConsole(value: string): URL | null {
  try {
    const url = new URL(value, BASE);
    return url.origin === BASE ? url : null;
  } catch {
    return null;
  }
}

export function safeNextPath(raw: string | null | undefined, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048 || !PLAIN_PATH.test(raw)) return fallback;
  const url = resolveOnConsole(raw);
  if (!url) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Checked again after resolution, and it must resolve to itself: `/.//evil.test` resolves to `//evil.test`.
  if (!PLAIN_PATH.test(path) || resolveOnConsole(path)?.href !== url.href) return fallback;
  if (url.pathname === SIGN_IN_PATH || url.pathname.startsWith(`${SIGN_IN_PATH}/`) || url.pathname.startsWith('/api/')) return fallback;
  return path;
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
