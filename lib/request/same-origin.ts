/**
 * The request guard's rules (lib/http/request-guard.ts applies them to every state-changing route, server action
 * and sensitive download). Plain TypeScript over headers only, so the proxy, route wrappers and server actions
 * share them and they are unit-tested without a server.
 */

/**
 * Is this state-changing request from the console's own pages? Browsers send Origin on POST, but as "null" for a
 * plain form post under Referrer-Policy: no-referrer; Sec-Fetch-Site then says where it came from. An Origin is
 * compared as text, never parsed, so a malformed one is simply foreign. A request with neither header is not from a
 * browser, so it cannot carry a victim's cookies (the CSRF case) and is let through to the session check.
 */
export function isSameOriginRequest(headers: Headers, consoleOrigin: string): boolean {
  const origin = headers.get('origin');
  if (origin !== null && origin !== 'null') return origin === consoleOrigin;
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  return origin === null;
}

/** Review requests are small: a verdict, a note, at most 50 ids. Larger bodies are refused unread. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * What is being guarded: a JSON API write, the sign-out form, a server action (Next.js encodes its body and caps
 * its size itself), a download of a sensitive export (a GET, so fetch metadata is all there is to check), or a CSV
 * upload (a hash list), whose route streams the body under a cap of its own.
 */
export type GuardedRequest = 'json' | 'form' | 'action' | 'download' | 'csv';

export type RefusalReason = 'cross_site' | 'unsupported_type' | 'too_large';
export type Refusal = { status: 403 | 413 | 415; reason: RefusalReason; title: string };

export const REFUSALS = {
  cross_site: { status: 403, reason: 'cross_site', title: 'Requests from another site are refused. Use the console’s own pages.' },
  unsupported_type: { status: 415, reason: 'unsupported_type', title: 'The request must be sent as JSON.' },
  too_large: { status: 413, reason: 'too_large', title: 'The request is too large.' },
} as const satisfies Record<RefusalReason, Refusal>;

/** Thrown by the guard once the refusal is audited; lib/http/problem.ts answers it as problem+json. */
export class RequestRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.title);
    this.name = 'RequestRefused';
  }
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
// Not a type a plain form can send: another site's page cannot post one without a CORS preflight the console never answers.
const CSV_TYPE = /^text\/csv\s*(;|$)/i;
const BODY_TYPES = { json: JSON_TYPE, form: FORM_TYPE, csv: CSV_TYPE } as const;
const TYPE_NAMES = { json: 'sent as JSON', form: 'a form', csv: 'sent as text/csv' } as const;

/** Why this request must be refused, or null when it may go on to the session and role checks. */
export function refusalFor(headers: Headers, consoleOrigin: string, kind: GuardedRequest): Refusal | null {
  if (kind === 'download') {
    // A link or image on another site must not start an export in someone's name (cookies ride on top-level GETs);
    // typing the address or a bookmark ("none") and the console's own pages are fine.
    const site = headers.get('sec-fetch-site');
    return site === null || site === 'same-origin' || site === 'none' ? null : REFUSALS.cross_site;
  }
  if (!isSameOriginRequest(headers, consoleOrigin)) return REFUSALS.cross_site;
  if (kind === 'action') return null;
  if (!BODY_TYPES[kind].test(headers.get('content-type') ?? '')) {
    return kind === 'json' ? REFUSALS.unsupported_type : { ...REFUSALS.unsupported_type, title: `The request must be ${TYPE_NAMES[kind]}.` };
  }
  // An upload's route reads its body under its own, larger cap (request-guard.ts cappedChunks).
  if (kind === 'csv') return null;
  const declared = headers.get('content-length');
  if (declared !== null && !(Number(declared) <= MAX_BODY_BYTES)) return REFUSALS.too_large;
  return null;
}
