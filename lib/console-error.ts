/**
 * The console's failures are values with a kind: one type, ConsoleError, for the console's own refusals (bad input,
 * nothing there, a state that no longer allows the action), and its subclass OrchestratorError for what went wrong
 * between the console and the Orchestration API. lib/http/problem.ts maps the kind to an HTTP status and a sentence
 * a moderator understands; the `message` is always ours.
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

export interface ConsoleErrorOptions {
  /** Seconds the caller should wait before trying again. */
  retryAfterSeconds?: number;
  /** For invalid_input: the query, path or body field at fault. */
  field?: string;
  /** The console's own short explanation for the moderator (ProblemDetails `detail`). */
  detail?: string;
  cause?: unknown;
}

// Next can load this module more than once per process while long-lived instances sit on globalThis, so an error
// thrown by one copy must still pass `instanceof` against another: the check goes by a process-wide brand.
const CONSOLE_ERROR = Symbol.for('review-console.ConsoleError');

export class ConsoleError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && CONSOLE_ERROR in value;
  }

  readonly [CONSOLE_ERROR] = true;
  readonly kind: ErrorKind;
  readonly retryAfterSeconds?: number;
  readonly field?: string;
  readonly detail?: string;

  constructor(kind: ErrorKind, message: string, options: ConsoleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConsoleError';
    this.kind = kind;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.field = options.field;
    this.detail = options.detail;
  }

  /** A plain value for per-row errors in partial answers (never the cause). */
  toJSON(): { kind: ErrorKind; message: string; retryAfterSeconds?: number; field?: string } {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

export function invalidInput(field: string, message: string): ConsoleError {
  return new ConsoleError('invalid_input', message, { field });
}
