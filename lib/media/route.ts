import 'server-only';
import type { Role } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import type { SessionUser } from '@/lib/auth/session-user';
import { AuditError } from '@/lib/db/audit';
import { problemFor } from '@/lib/http/problem';
import { guardRoute } from '@/lib/http/request-guard';
import { requestMeta } from '@/lib/http/request-meta';
import { consoleLogger } from '@/lib/log';
import { RevealError, type RevealErrorKind } from '@/lib/moderation/reveal';
import type { CallContext } from '@/lib/orchestrator/client';
import { isBlobId, isWorkflowId } from '@/lib/orchestrator/ids';
import { orchestrator } from '@/lib/orchestrator/instance';
import { mediaProblem } from './headers';
import type { MediaRequest } from './service';
import { MediaError, type MediaErrorKind } from './upstream-blob';

/**
 * The wrapper of every media route: the request guard for writes (lib/http/request-guard.ts), the session and role
 * (refusals audited there), then the blob id and the optional `workflowId` validated against
 * the contract's formats (the browser sends ids, never URLs), then the handler; every failure becomes a problem
 * answer that carries the media headers (no-store, nosniff, sandbox), so even a refusal is never cached or sniffed.
 */

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
  audit_unavailable: 503,
};

export function mediaErrorResponse(error: unknown, route: string): Response {
  if (error instanceof MediaError) {
    const { status, title } = MEDIA_STATUS[error.kind];
    const extra: Record<string, string> = error.extra.contentRange ? { 'Content-Range': error.extra.contentRange } : {};
    return mediaProblem(status, { kind: error.kind, title }, extra);
  }
  if (error instanceof RevealError) {
    return mediaProblem(REVEAL_STATUS[error.kind], {
      kind: error.kind === 'role' ? 'denied' : error.kind,
      title: error.message,
      ...(error.kind === 'reason' ? { field: 'reason' } : {}),
    });
  }
  if (error instanceof AuditError) {
    return mediaProblem(503, { kind: 'audit_unavailable', title: 'The audit log could not be written, so nothing was served.' });
  }
  const problem = problemFor(error);
  if (problem.kind === 'internal') {
    consoleLogger('error', 'route.internal_error', { route, error: error instanceof Error ? error.name : typeof error });
  }
  const { status, kind, title, detail, field } = problem;
  return mediaProblem(status, { kind, title, ...(detail ? { detail } : {}), ...(field ? { field } : {}) });
}

function invalid(field: string, title: string): Response {
  return mediaProblem(400, { kind: 'invalid_input', title, field });
}

type BlobRouteContext = { params: Promise<{ blobId: string }> };

/** Reads `?workflowId=`: absent is fine, given it must be one valid id. */
export function readWorkflowId(url: URL): { ok: true; workflowId: string | null } | { ok: false; response: Response } {
  const values = url.searchParams.getAll('workflowId');
  if (values.length === 0) return { ok: true, workflowId: null };
  if (values.length > 1 || !isWorkflowId(values[0]!)) {
    return { ok: false, response: invalid('workflowId', '`workflowId` must be one workflow id.') };
  }
  return { ok: true, workflowId: values[0]! };
}

export function mediaRoute(name: string, handler: (request: MediaRequest) => Promise<Response>, role: Role = 'viewer') {
  return async function handle(request: Request, context: BlobRouteContext): Promise<Response> {
    try {
      await guardRoute(request);
      const user = await requireRole(role, request);
      const { blobId } = await context.params;
      if (!isBlobId(blobId)) return invalid('blobId', '`blobId` is not a blob id.');
      const workflow = readWorkflowId(new URL(request.url));
      if (!workflow.ok) return workflow.response;
      const ctx: CallContext = orchestrator().context(request.signal);
      return await handler({ user, blobId, workflowId: workflow.workflowId, request, ctx, meta: requestMeta(request.headers) });
    } catch (error) {
      return mediaErrorResponse(error, name);
    }
  };
}

/** The same guard for routes that take no blob id (the gates of a workflow, the reviewer's preferences). */
export function mediaCollectionRoute(name: string, handler: (input: { user: SessionUser; request: Request }) => Promise<Response>) {
  return async function handle(request: Request): Promise<Response> {
    try {
      await guardRoute(request);
      return await handler({ user: await requireRole('viewer', request), request });
    } catch (error) {
      return mediaErrorResponse(error, name);
    }
  };
}
