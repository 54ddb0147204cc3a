import { z } from 'zod';
import { readJsonBody } from '@/lib/http/request-guard';
import { mediaJson } from '@/lib/media/headers';
import { mediaRoute } from '@/lib/http/media-route';
import { revealMedia } from '@/lib/media/serve';

const RevealBody = z.object({ reason: z.string().max(2_000).optional() }).strict();

/**
 * Reveals one blob to the signed-in reviewer: role and reason checked, the audit row written, then a short grant.
 * Same-origin JSON only (the request guard in mediaRoute), and the session cookie is SameSite=Lax.
 */
export const POST = mediaRoute('POST /api/media/[blobId]/reveal', async ({ request, ...input }) => {
  const { reason } = await readJsonBody(request, RevealBody);
  const grant = await revealMedia({ ...input, reason });
  return mediaJson({ blobId: input.blobId, grant });
});
