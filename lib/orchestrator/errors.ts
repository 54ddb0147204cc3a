/**
 * Errors are values with a kind. Every failure between the console and the Orchestration API ends up as one
 * OrchestratorError, and lib/http/problem.ts maps the kind to an HTTP status and a sentence a moderator understands.
 *
 * The `message` is always ours. Whatever the upstream said (a ProblemDetails title, a string, an HTML page) is kept
 * apart in `upstreamDetail`, redacted and truncated, and only ever logged.
 */

export const ERROR_KINDS = [
  'unauthorized',
  'forbidden',
  'not_found',
  'gone',
  'rate_limited',
  'upstream_unavailable',
  'upstream_invalid',
  'invalid_input',
  // The item is no longer in the state the action needs (a moderation gate already decided elsewhere).
  'conflict',
  // The caller went away (closed tab, aborted fetch): nobody reads the answer.
  'aborted',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface OrchestratorErrorOptions {
  /** The upstream HTTP status, when there was one. */
  upstreamStatus?: number;
  /** Seconds the caller should wait before trying again (from Retry-After or the open breaker). */
  retryAfterSeconds?: number;
  /** For invalid_input: the query or path parameter at fault. */
  field?: string;
  /** What the upstream said, already redacted; for logs only. */
  upstreamDetail?: string;
  /** The console's own short explanation for the moderator (ProblemDetails `detail`). */
  detail?: string;
  cause?: unknown;
}

// Next can load this module more than once per process while the client instance lives on globalThis, so an error
// thrown by one copy must still pass `instanceof` against another: the check goes by a process-wide brand.
const ORCHESTRATOR_ERROR = Symbol.for('review-console.OrchestratorError');

export class OrchestratorError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && ORCHESTRATOR_ERROR in value;
  }

  readonly [ORCHESTRATOR_ERROR] = true;
  readonly kind: ErrorKind;
  readonly upstreamStatus?: number;
  readonly retryAfterSeconds?: number;
  readonly field?: string;
  readonly upstreamDetail?: string;
  readonly detail?: string;

  constructor(kind: ErrorKind, message: string, options: OrchestratorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrchestratorError';
    this.kind = kind;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.field = options.field;
    this.upstreamDetail = options.upstreamDetail;
    this.detail = options.detail;
  }

  /** A plain value for per-row errors in partial answers (never the cause or upstream detail). */
  toJSON(): { kind: ErrorKind; message: string; retryAfterSeconds?: number; field?: string } {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

export function isOrchestratorError(value: unknown): value is OrchestratorError {
  return value instanceof OrchestratorError;
}

export function invalidInput(field: string, message: string): OrchestratorError {
  return new OrchestratorError('invalid_input', message, { field });
}

/** Anything thrown below the route turned into an OrchestratorError, so callers handle one type. */
export function toOrchestratorError(error: unknown): OrchestratorError {
  if (error instanceof OrchestratorError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new OrchestratorError('aborted', 'The request was cancelled.', { cause: error });
  }
  return new OrchestratorError('upstream_unavailable', 'The Orchestration API could not be reached.', { cause: error });
}
