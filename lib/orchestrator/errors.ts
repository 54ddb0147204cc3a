import { ConsoleError, type ConsoleErrorOptions, type ErrorKind } from '@/lib/console-error';


/**
 * A failure between the console and the Orchestration API. Whatever the upstream said (a ProblemDetails title, a
 * string, an HTML page) is kept apart in `upstreamDetail`, redacted and truncated, and only ever logged.
 */

export interface OrchestratorErrorOptions extends ConsoleErrorOptions {
  /** The upstream HTTP status, when there was one. */
  upstreamStatus?: number;
  /** What the upstream said, already redacted; for logs only. */
  upstreamDetail?: string;
}

const ORCHESTRATOR_ERROR = Symbol.for('review-console.OrchestratorError');

export class OrchestratorError extends ConsoleError {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && ORCHESTRATOR_ERROR in value;
  }

  readonly [ORCHESTRATOR_ERROR] = true;
  readonly upstreamStatus?: number;
  readonly upstreamDetail?: string;

  constructor(kind: ErrorKind, message: string, options: OrchestratorErrorOptions = {}) {
    super(kind, message, options);
    this.name = 'OrchestratorError';
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamDetail = options.upstreamDetail;
  }
}

export function isOrchestratorError(value: unknown): value is OrchestratorError {
  return value instanceof OrchestratorError;
}

/** Anything thrown below the route as a ConsoleError (an upstream one when it was not ours), so callers handle one type. */
export function toConsoleError(error: unknown): ConsoleError {
  if (error instanceof ConsoleError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new OrchestratorError('aborted', 'The request was cancelled.', { cause: error });
  }
  return new OrchestratorError('upstream_unavailable', 'The Orchestration API could not be reached.', { cause: error });
}
