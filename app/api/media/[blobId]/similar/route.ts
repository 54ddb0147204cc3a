import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { apiRoute } from '@/lib/http/route';
import { BlobIdSchema } from '@/lib/orchestrator/ids';
import { SimilarQuerySchema } from '@/lib/similar/similar-query';
import { similarOutputs } from '@/lib/similar/similar-outputs';

/**
 * Outputs of every indexed user within maxDistance bits of this one's PDQ hash, nearest first, paged
 * (`{ matches: [{ blobId, workflowId, ownerId, distance }], next? }`). Ids only: the browser shows each match through
 * the gate like any other tile. Moderators and above.
 */
export const GET = apiRoute({
  name: 'GET /api/media/[blobId]/similar',
  role: PERMISSIONS.findSimilar,
  params: z.object({ blobId: BlobIdSchema }),
  query: SimilarQuerySchema,
  handler: ({ params, query, ctx }) => similarOutputs(params.blobId, query, ctx),
});
