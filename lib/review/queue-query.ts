import { z } from 'zod';
import { invalidInput } from '@/lib/console-error';
import { BlobIdSchema } from '@/lib/orchestrator/ids';
import { WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import { QUEUE_PRESET_IDS, type QueuePresetId } from './queue';
import type { ListRequest } from '@/lib/orchestrator/list-query';

/** `?preset=<id>`, or the workflows screen's own search parameters (any search can be worked as a queue). */
export const PresetQuerySchema = z.object({ preset: z.enum(QUEUE_PRESET_IDS) }).strict();

/** `?similar=<blobId>`: the workflows of an output's near-duplicates (similar search at 31 bits), the output's own first. */
export const SimilarQueueQuerySchema = z.object({ similar: BlobIdSchema }).strict();

export const QueueQuerySchema = z.union([
  PresetQuerySchema,
  SimilarQueueQuerySchema,
  WorkflowListQuerySchema.transform((request) => ({ request })),
]);

export type QueueSpec = { kind: 'preset'; preset: QueuePresetId } | { kind: 'similar'; blobId: string } | { kind: 'search'; request: ListRequest };

/** The queue a validated query names. */
export function queueSpecOf(query: z.output<typeof QueueQuerySchema>, url: URL): QueueSpec {
  // A mistyped preset falls through to the search branch, which would make it "every workflow": refuse it.
  if (!('preset' in query) && url.searchParams.has('preset')) {
    throw invalidInput('preset', `\`preset\` must be one of ${QUEUE_PRESET_IDS.join(', ')}.`);
  }
  // Likewise a `similar` that is not a blob id.
  if (!('similar' in query) && url.searchParams.has('similar')) throw invalidInput('similar', '`similar` must be the blob id of an output.');
  if ('preset' in query) return { kind: 'preset', preset: query.preset };
  return 'similar' in query ? { kind: 'similar', blobId: query.similar } : { kind: 'search', request: query.request };
}
