/**
 * What the browser knows about a failed call to our own /api routes: the HTTP status and the ProblemDetails the
 * route wrote (a readable `title`, the error `kind`, the `field` at fault). Client-safe: no server imports.
 */

export interface ProblemBody {
  title?: string;
  detail?: string;
  status?: number;
  kind?: string;
  field?: string;
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  readonly status: number;
  readonly kind: string;
  readonly title: string;
  readonly detail?: string;
  readonly field?: string;
  readonly retryAfterSeconds?: number;

  constructor(status: number, problem: ProblemBody) {
    const title = problem.title?.trim() || fallbackTitle(status);
    super(title);
    this.name = 'ApiError';
    this.status = status;
    this.kind = problem.kind ?? kindFromStatus(status);
    this.title = title;
    this.detail = problem.detail;
    this.field = problem.field;
    this.retryAfterSeconds = problem.retryAfterSeconds;
  }
}

/** When a route answered without ProblemDetails (a proxy page, a dropped connection): the status alone. */
const BY_STATUS: Record<number, { kind: string; title: string }> = {
  0: { kind: 'network', title: 'The console could not be reached. Check your connection.' },
  400: { kind: 'invalid_input', title: 'The request was not valid.' },
  401: { kind: 'unauthorized', title: 'Your session has ended. Sign in again.' },
  403: { kind: 'forbidden', title: 'Your role does not allow this.' },
  404: { kind: 'not_found', title: 'Not found.' },
  429: { kind: 'rate_limited', title: 'Too many requests to the Orchestration API. Wait a moment.' },
};
const UPSTREAM_FAILURE = { kind: 'upstream_unavailable', title: 'The Orchestration API did not answer properly.' };

function kindFromStatus(status: number): string {
  return (BY_STATUS[status] ?? UPSTREAM_FAILURE).kind;
}

function fallbackTitle(status: number): string {
  return (BY_STATUS[status] ?? UPSTREAM_FAILURE).title;
}

/** Where the failure happened, in the moderator's words, for error states. */
export function describeFailure(error: unknown): { title: string; detail?: string; canRetry: boolean } {
  if (error instanceof ApiError) {
    return {
      title: error.title,
      detail: error.detail,
      canRetry: error.kind !== 'invalid_input' && error.kind !== 'forbidden' && error.kind !== 'not_found',
    };
  }
  return { title: 'Something went wrong while loading.', canRetry: true };
}
