import 'server-only';
import { z } from 'zod';
import type { Role } from '@/lib/auth/roles';
import type { MediaRequest } from '@/lib/media/serve';
import { BlobIdSchema, WorkflowIdSchema } from '@/lib/orchestrator/ids';
import { requestMeta } from '@/lib/request/request-meta';
import { apiRoute } from './route';

const BlobParams = z.object({ blobId: BlobIdSchema });

/** `?workflowId=`: the browser's hint of a blob's workflow, or the workflow whose gates are asked for. */
export const WorkflowHint = z.object({ workflowId: WorkflowIdSchema.optional() });

/**
 * apiRoute for one blob: its id from the path and the optional workflow hint, validated against the contract's
 * formats (the browser sends ids, never URLs), and every answer and failure with the media headers.
 */
export function mediaRoute(name: string, handler: (request: MediaRequest) => Promise<Response>, role: Role = 'viewer') {
  return apiRoute({
    name,
    role,
    media: true,
    params: BlobParams,
    query: WorkflowHint,
    handler: ({ params, query, user, request, ctx }) =>
      handler({ user, blobId: params.blobId, workflowId: query.workflowId ?? null, request, ctx, meta: requestMeta(request.headers) }),
  });
}
