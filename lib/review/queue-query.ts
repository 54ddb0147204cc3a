import { z } from 'zod';
import { invalidInput } from '@/lib/console-error';
import { WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import { QUEUE_PRESET_IDS, type QueuePresetId } from './queue';
import type { ListRequest } from '@/lib/orchestrator/list-query';

/** `?preset=<id>`, or the workflows screen's own search parameters (any search can be worked as a queue). */
export const PresetQuerySchema = z.object({ preset: z.enum(QUEUE_PRESET_IDS) }).strict();

export const QueueQuerySchema = z.union([
  PresetQuerySchema,
  WorkflowListQuerySchema.transform((request) => ({ request })),
]);

export type QueueSpec = { kind: 'preset'; preset: QueuePresetId } | { kind: 'search'; request: ListRequest };

/** The queue a validated query names. */
export function queueSpecOf(query: z.output<typeof QueueQuerySchema>, url: URL): QueueSpec {
  // A mistyped preset falls through to the search branch, which would make it "every workflow": refuse it.
  if (!('preset' in query) && url.searchParams.has('preset')) {
    throw invalidInput('preset', `\`preset\` must be one of ${QUEUE_PRESET_IDS.join(', ')}.`);
  }
  return 'preset' in query ? { kind: 'preset', preset: query.preset } : { kind: 'search', request: query.request };
}
