import { z } from 'zod';
import { decodeSimilarCursor, SIMILAR_DEFAULT_DISTANCE, SIMILAR_DEFAULT_TAKE, SIMILAR_MAX_DISTANCE, SIMILAR_MAX_TAKE } from './search';
import type { SimilarRequest } from './similar-outputs';

/** The similar search's query (the API route and the results page read the same parameters). */
export const SimilarQuerySchema = z
  .object({
    maxDistance: z.coerce.number().int().min(1).max(SIMILAR_MAX_DISTANCE).default(SIMILAR_DEFAULT_DISTANCE),
    dihedral: z.enum(['true', 'false']).default('false'),
    take: z.coerce.number().int().min(1).max(SIMILAR_MAX_TAKE).default(SIMILAR_DEFAULT_TAKE),
    cursor: z
      .string()
      .max(1_024)
      .transform((value, context) => decodeSimilarCursor(value) ?? (context.addIssue({ code: 'custom', message: 'not a cursor this search gave' }), z.NEVER))
      .optional(),
  })
  .transform((query): SimilarRequest => ({ maxDistance: query.maxDistance, dihedral: query.dihedral === 'true', take: query.take, after: query.cursor ?? null }));
