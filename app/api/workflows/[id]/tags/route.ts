import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requestMeta } from '@/lib/request/request-meta';
import { readJsonBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { addTag, consoleUpstream, removeTag } from '@/lib/orchestrator/writes';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';
import type { TagsResponse } from '@/lib/review/api-types';
import { tagRequestSchema } from '@/lib/review/requests';
import { audited } from '@/lib/review/server';

const params = z.object({ id: WorkflowIdSchema });

/** A tag, trimmed and checked (review tags refused after normalisation: they belong to decisions). */
async function readTag(request: Request): Promise<string> {
  return (await readJsonBody(request, tagRequestSchema)).tag;
}

/** Adds a tag to the workflow upstream (at most 10 tags of at most 200 characters). */
export const POST = apiRoute({
  name: 'POST /api/workflows/[id]/tags',
  role: PERMISSIONS.tagWorkflow,
  params,
  handler: async ({ params: { id }, request, user, ctx }): Promise<TagsResponse> => {
    const tag = await readTag(request);
    const meta = requestMeta(request.headers);
    const event = { actor: user, action: 'tag_add', targetType: 'workflow', targetId: id, workflowId: id, detail: { tag }, ...meta } as const;
    return { tags: await audited(event, () => addTag(consoleUpstream(ctx), id, tag)) };
  },
});

/** Removes a tag from the workflow upstream. */
export const DELETE = apiRoute({
  name: 'DELETE /api/workflows/[id]/tags',
  role: PERMISSIONS.tagWorkflow,
  params,
  handler: async ({ params: { id }, request, user, ctx }): Promise<TagsResponse> => {
    const tag = await readTag(request);
    const meta = requestMeta(request.headers);
    const event = { actor: user, action: 'tag_remove', targetType: 'workflow', targetId: id, workflowId: id, detail: { tag }, ...meta } as const;
    return { tags: await audited(event, () => removeTag(consoleUpstream(ctx), id, tag)) };
  },
});
