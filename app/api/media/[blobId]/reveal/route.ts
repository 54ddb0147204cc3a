import { z } from 'zod';
import { mediaJson, mediaProblem } from '@/lib/media/headers';
import { mediaRoute } from '@/lib/media/route';
import { revealMedia } from '@/lib/media/service';

const RevealBody = z.object({ reason: z.string().max(2_000).optional() }).strict();

/**
 * Reveals one blob to the signed-in reviewer: role and reason checked, the audit row written, then a short grant.
 * JSON only: a cross-site form cannot post it, and the session cookie is SameSite=Lax.
 */
export const POST = mediaRoute('POST /api/media/[blobId]/reveal', async ({ request, ...input }) => {
  if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    return mediaProblem(415, { kind: 'invalid_input', title: 'Send the reveal as JSON.' });
  }
  const body = RevealBody.safeParse(await request.json().catch(() => undefined));
  if (!body.success) return mediaProblem(400, { kind: 'invalid_input', title: 'The reveal needs `{ "reason"?: string }`.', field: 'reason' });
  const grant = await revealMedia({ ...input, reason: body.data.reason });
  return mediaJson({ blobId: input.blobId, grant });
});
