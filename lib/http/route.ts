import 'server-only';
import type { z } from 'zod';
import { requireRole } from '@/lib/auth/session';
import type { Role } from '@/lib/auth/roles';
import type { SessionUser } from '@/lib/auth/session-user';
import { consoleLogger, type Logger } from '@/lib/log';
import type { CallContext } from '@/lib/orchestrator/client';
import { invalidInput } from '@/lib/console-error';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { jsonResponse, problemResponse } from './problem';
import type { GuardedRequest } from '@/lib/request/same-origin';
import { guardRequest, guardRoute } from './request-guard';

/**
 * The one wrapper every API route handler goes through (media routes too, through mediaRoute), in this order: the
 * request guard (a state-changing request must be a same-origin JSON request of bounded size; a sensitive download
 * must not be started from another site), the role check, then the URL's size, path
 * parameters and query validated with zod (no upstream call has happened yet), then the handler with a request
 * budget tied to the browser's connection, then one mapping of any error to ProblemDetails.
 */

/** Longer URLs are refused with 414 before anything is parsed (TEST-PLAN F-02). */
export const MAX_URL_LENGTH = 8_192;

export interface RouteInput<P, Q> {
  params: P;
  query: Q;
  user: SessionUser;
  request: Request;
  /** Aborts when the browser goes away; one deadline for every upstream call this request makes. */
  ctx: CallContext;
}

export interface RouteSpec<P, Q, R> {
  /** For logs: the route pattern, never the concrete URL (which may hold hostile input). */
  name: string;
  role?: Role;
  params?: z.ZodType<P, unknown>;
  query?: z.ZodType<Q, unknown>;
  /** Query keys that may repeat (`tags=a&tags=b`); any other key given twice is refused. */
  repeatable?: readonly string[];
  handler: (input: RouteInput<P, Q>) => Promise<R>;
  log?: Logger;
  /** A GET that hands over data worth stealing (an export) is guarded like a write: `download`; an upload: `csv`. */
  guard?: Extract<GuardedRequest, 'download' | 'csv'>;
  /** Media answers: failures carry the media headers (no-store, nosniff, sandbox). */
  media?: boolean;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** The query as a record: repeatable keys as arrays, any other key as its single value. */
function readQuery(url: URL, repeatable: readonly string[]): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    if (repeatable.includes(key)) query[key] = values;
    else if (values.length > 1) throw invalidInput(key, `\`${key}\` was given more than once; give it once.`);
    else query[key] = values[0]!;
  }
  return query;
}

/** Input checked against a schema; the first issue becomes a 400 naming its field. */
export function validateInput<T>(schema: z.ZodType<T, unknown> | undefined, value: unknown): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? String(issue.path[0]) : 'request';
  throw invalidInput(field, `\`${field}\`: ${issue.message}`);
}

export function apiRoute<P = undefined, Q = undefined, R = unknown>(spec: RouteSpec<P, Q, R>) {
  const log = spec.log ?? consoleLogger;
  return async function handle(request: Request, context: RouteContext): Promise<Response> {
    let stage: 'auth' | 'input' | 'handler' = 'auth';
    try {
      await (spec.guard ? guardRequest(request, spec.guard) : guardRoute(request));
      const user = await requireRole(spec.role ?? 'viewer', request);
      stage = 'input';
      if (request.url.length > MAX_URL_LENGTH) {
        log('warn', 'request.invalid_input', { route: spec.name, field: 'url', reason: 'too long' });
        return problemResponse(invalidInput('url', 'The request address is too long.'), { status: 414, media: spec.media });
      }
      const url = new URL(request.url);
      const params = validateInput(spec.params, await context.params);
      const query = validateInput(spec.query, readQuery(url, spec.repeatable ?? []));
      stage = 'handler';
      const ctx = orchestrator().context(request.signal);
      const answer = await spec.handler({ params, query, user, request, ctx });
      // A handler that streams (server-sent events) answers its own Response.
      return answer instanceof Response ? answer : jsonResponse(answer);
    } catch (error) {
      if (stage === 'input') {
        const field = error instanceof Error && 'field' in error ? String(error.field) : undefined;
        log('warn', 'request.invalid_input', { route: spec.name, field });
      }
      return problemResponse(error, { log, route: spec.name, media: spec.media });
    }
  };
}
