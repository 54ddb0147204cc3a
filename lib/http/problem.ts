import 'server-only';
import { AuditError } from '@/lib/audit/audit';
import { AuthError } from '@/lib/auth/session-user';
import { UserError, type UserErrorKind } from '@/lib/auth/user-store';
import { ConsoleError, type ErrorKind } from '@/lib/console-error';
import { consoleLogger, type Logger } from '@/lib/log';
import { MEDIA_RESPONSE_HEADERS } from '@/lib/media/headers';
import { MediaError, type MediaErrorKind } from '@/lib/media/upstream-blob';
import { RevealError, type RevealErrorKind } from '@/lib/moderation/reveal';
import { RequestRefused } from '@/lib/request/same-origin';

/**
 * The one place a failure becomes an HTTP answer: a status and RFC 9457 ProblemDetails whose `title` a moderator can
 * read. Every route wrapper (API, media, server action) goes through it. Titles are always the console's own words;
 * upstream bodies, stacks and the token never reach a response.
 */

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** The error kind; a signed-in moderator whose role is too low gets `forbidden`, like an upstream refusal. */
  kind: ErrorKind | MediaErrorKind | Exclude<RevealErrorKind, 'role'> | 'unauthenticated' | 'denied' | 'audit_unavailable' | 'internal';
  detail?: string;
  field?: string;
  retryAfterSeconds?: number;
}

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid_input: 400,
  forbidden: 403,
  conflict: 409,
  not_found: 404,
  gone: 410,
  // Nginx's "client closed request": nobody reads it, but logs tell it apart from a failure.
  aborted: 499,
  // The upstream refused the console's own credential: a gateway problem, not the moderator's.
  unauthorized: 502,
  upstream_invalid: 502,
  rate_limited: 503,
  upstream_unavailable: 503,
};

const DETAIL_BY_KIND: Partial<Record<ErrorKind, string>> = {
  unauthorized: 'The console’s token for the Orchestration API was refused. An administrator must fix the configuration.',
  upstream_invalid: 'The Orchestration API answered in a shape the console does not understand.',
};

const MEDIA_STATUS: Record<MediaErrorKind, { status: number; title: string }> = {
  not_found: { status: 404, title: 'The Orchestration API has no such media.' },
  unavailable: { status: 410, title: 'The Orchestration API withholds this media.' },
  expired: { status: 502, title: 'The media link expired and could not be renewed. Try again later.' },
  refused_target: { status: 502, title: 'The upstream pointed this media somewhere the console does not go.' },
  unsupported_type: { status: 502, title: 'The upstream sent this media in a type the console does not serve.' },
  too_large: { status: 502, title: 'This media is larger than the console serves.' },
  range_not_satisfiable: { status: 416, title: 'The requested range is outside the media.' },
  upstream_rejected: { status: 502, title: 'The Orchestration API refused the console’s credentials.' },
  upstream_unavailable: { status: 503, title: 'The media could not be fetched from the Orchestration API. Try again.' },
  aborted: { status: 499, title: 'The request was cancelled.' },
};

const REVEAL_STATUS: Record<RevealErrorKind, number> = {
  role: 403,
  reason: 400,
  unavailable: 410,
  not_gated: 409,
  // The daily exposure limit: a senior's approval lifts it (POST /api/exposure/approvals).
  exposure_cap: 403,
  audit_unavailable: 503,
};

const USER_STATUS: Record<UserErrorKind, { status: number; kind: ErrorKind }> = {
  invalid_input: { status: 400, kind: 'invalid_input' },
  conflict: { status: 409, kind: 'conflict' },
  not_found: { status: 404, kind: 'not_found' },
  last_admin: { status: 409, kind: 'conflict' },
};

/** Without a hint from the upstream, a throttled browser waits this long before trying again. */
const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 5;

const problem = (kind: ProblemDetails['kind'], status: number, title: string, extra: Partial<ProblemDetails> = {}): ProblemDetails => ({
  type: `urn:orchestration-console:problem:${kind}`,
  title,
  status,
  kind,
  ...extra,
});

export function problemFor(error: unknown): ProblemDetails {
  if (error instanceof ConsoleError) {
    const retryAfterSeconds =
      error.retryAfterSeconds ?? (error.kind === 'rate_limited' ? DEFAULT_RATE_LIMIT_WAIT_SECONDS : undefined);
    const detail = error.detail ?? DETAIL_BY_KIND[error.kind];
    return problem(error.kind, STATUS_BY_KIND[error.kind], error.message, {
      ...(detail ? { detail } : {}),
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (error instanceof AuthError) {
    const unauthenticated = error.kind === 'unauthenticated';
    return problem(unauthenticated ? 'unauthenticated' : 'forbidden', unauthenticated ? 401 : 403, error.message);
  }
  if (error instanceof RequestRefused) {
    // The request guard: another site (403), a body that is not what the route takes (415) or too large (413).
    const { status, reason, title } = error.refusal;
    const kind = status === 403 ? 'forbidden' : 'invalid_input';
    return { ...problem(kind, status, title, status === 403 ? {} : { field: 'body' }), type: `urn:orchestration-console:problem:${reason}` };
  }
  if (error instanceof MediaError) {
    const { status, title } = MEDIA_STATUS[error.kind];
    return problem(error.kind, status, title);
  }
  if (error instanceof RevealError) {
    return problem(error.kind === 'role' ? 'denied' : error.kind, REVEAL_STATUS[error.kind], error.message, error.kind === 'reason' ? { field: 'reason' } : {});
  }
  if (error instanceof UserError) {
    const { status, kind } = USER_STATUS[error.kind];
    return problem(kind, status, error.message);
  }
  if (error instanceof AuditError) {
    // Every sensitive action writes its audit row first; without it the action did not happen (fail closed).
    return error.kind === 'audit_unavailable'
      ? problem('audit_unavailable', 503, 'The audit log could not be written, so nothing was changed or served. Try again shortly.', {
          retryAfterSeconds: DEFAULT_RATE_LIMIT_WAIT_SECONDS,
        })
      : problem('invalid_input', 400, error.message);
  }
  return problem('internal', 500, 'Something went wrong in the console. Try again; if it persists, tell an administrator.');
}

export interface ProblemOptions {
  status?: number;
  log?: Logger;
  route?: string;
  /** Media answers (bytes, gates, reveals): the refusal carries the media headers, so it is as uncacheable and unsniffable as bytes. */
  media?: boolean;
}

export function problemResponse(error: unknown, options: ProblemOptions = {}): Response {
  const answer = problemFor(error);
  if (options.status !== undefined) answer.status = options.status;
  if (answer.kind === 'internal') {
    // A bug: log its name and where, never its stack or text (which could hold data from upstream).
    (options.log ?? consoleLogger)('error', 'route.internal_error', {
      route: options.route,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
  const headers = new Headers(options.media ? MEDIA_RESPONSE_HEADERS : { 'Cache-Control': 'no-store' });
  headers.set('Content-Type', 'application/problem+json');
  if (answer.retryAfterSeconds !== undefined) headers.set('Retry-After', String(answer.retryAfterSeconds));
  if (error instanceof MediaError && error.extra.contentRange) headers.set('Content-Range', error.extra.contentRange);
  return new Response(JSON.stringify(answer), { status: answer.status, headers });
}

/** A successful JSON answer. Everything the API returns is moderation data: never stored by any cache. */
export function jsonResponse(body: unknown, init: { status?: number } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
}
