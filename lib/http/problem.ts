import 'server-only';
import { RequestRefused } from '@/lib/auth/same-origin';
import { AuthError } from '@/lib/auth/session-user';
import { AuditError } from '@/lib/db/audit';
import { consoleLogger, type Logger } from '@/lib/log';
import { OrchestratorError, type ErrorKind } from '@/lib/orchestrator/errors';

/**
 * The one place a failure becomes an HTTP answer: a status and RFC 9457 ProblemDetails whose `title` a moderator can
 * read. Titles are always the console's own words; upstream bodies, stacks and the token never reach a response.
 */

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** The error kind; a signed-in moderator whose role is too low gets `forbidden`, like an upstream refusal. */
  kind: ErrorKind | 'unauthenticated' | 'audit_unavailable' | 'internal';
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

/** Without a hint from the upstream, a throttled browser waits this long before trying again. */
const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 5;

export function problemFor(error: unknown): ProblemDetails {
  if (error instanceof OrchestratorError) {
    const retryAfterSeconds =
      error.retryAfterSeconds ?? (error.kind === 'rate_limited' ? DEFAULT_RATE_LIMIT_WAIT_SECONDS : undefined);
    const detail = error.detail ?? DETAIL_BY_KIND[error.kind];
    return {
      type: `urn:orchestration-console:problem:${error.kind}`,
      title: error.message,
      status: STATUS_BY_KIND[error.kind],
      kind: error.kind,
      ...(detail ? { detail } : {}),
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
  if (error instanceof AuthError) {
    const unauthenticated = error.kind === 'unauthenticated';
    const kind = unauthenticated ? 'unauthenticated' : 'forbidden';
    return { type: `urn:orchestration-console:problem:${kind}`, title: error.message, status: unauthenticated ? 401 : 403, kind };
  }
  if (error instanceof RequestRefused) {
    // The request guard: another site (403), a body that is not what the route takes (415) or too large (413).
    const { status, reason, title } = error.refusal;
    const kind = status === 403 ? 'forbidden' : 'invalid_input';
    return { type: `urn:orchestration-console:problem:${reason}`, title, status, kind, ...(status === 403 ? {} : { field: 'body' }) };
  }
  if (error instanceof AuditError) {
    // Every sensitive action writes its audit row first; without it the action did not happen (fail closed).
    return error.kind === 'audit_unavailable'
      ? {
          type: 'urn:orchestration-console:problem:audit_unavailable',
          title: 'The audit log could not be written, so nothing was changed. Try again shortly.',
          status: 503,
          kind: 'audit_unavailable',
          retryAfterSeconds: DEFAULT_RATE_LIMIT_WAIT_SECONDS,
        }
      : { type: 'urn:orchestration-console:problem:invalid_input', title: error.message, status: 400, kind: 'invalid_input' };
  }
  return {
    type: 'urn:orchestration-console:problem:internal',
    title: 'Something went wrong in the console. Try again; if it persists, tell an administrator.',
    status: 500,
    kind: 'internal',
  };
}

export function problemResponse(error: unknown, options: { status?: number; log?: Logger; route?: string } = {}): Response {
  const problem = problemFor(error);
  if (options.status !== undefined) problem.status = options.status;
  if (problem.kind === 'internal') {
    // A bug: log its name and where, never its stack or text (which could hold data from upstream).
    (options.log ?? consoleLogger)('error', 'route.internal_error', {
      route: options.route,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json',
    'Cache-Control': 'no-store',
  };
  if (problem.retryAfterSeconds !== undefined) headers['Retry-After'] = String(problem.retryAfterSeconds);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}

/** A successful JSON answer. Everything the API returns is moderation data: never stored by any cache. */
export function jsonResponse(body: unknown, init: { status?: number } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
}
