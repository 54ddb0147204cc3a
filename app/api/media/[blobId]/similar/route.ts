import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { apiRoute } from '@/lib/http/route';
import { BlobIdSchema } from '@/lib/orchestrator/ids';
import { decodeSimilarCursor, SIMILAR_DEFAULT_DISTANCE, SIMILAR_DEFAULT_TAKE, SIMILAR_MAX_DISTANCE, SIMILAR_MAX_TAKE } from '@/lib/similar/search';
import { similarOutputs } from '@/lib/similar/similar-outputs';

const Query = z.object({
  maxDistance: z.coerce.number().int().min(1).max(SIMILAR_MAX_DISTANCE).default(SIMILAR_DEFAULT_DISTANCE),
  dihedral: z.enum(['true', 'false']).default('false'),
  take: z.coerce.number().int().min(1).max(SIMILAR_MAX_TAKE).default(SIMILAR_DEFAULT_TAKE),
  cursor: z
    .string()
    .max(1_024)
    .transform((value, context) => decodeSimilarCursor(value) ?? (context.addIssue({ code: 'custom', message: 'not a cursor this search gave' }), z.NEVER))
    .optional(),
});

/**
 * Outputs of every indexed user within maxDistance bits of this one's PDQ hash, nearest first, paged
 * (`{ matches: [{ blobId, workflowId, ownerId, distance }], next? }`). Ids only: the browser shows each match through
 * the gate like any other tile. Moderators and above.
 */
export const GET = apiRoute({
  name: 'GET /api/media/[blobId]/similar',
  role: PERMISSIONS.findSimilar,
  params: z.object({ blobId: BlobIdSchema }),
  query: Query,
  handler: ({ params, query, ctx }) =>
    similarOutputs(params.blobId, { maxDistance: query.maxDistance, dihedral: query.dihedral === 'true', take: query.take, after: query.cursor ?? null }, ctx),
});
