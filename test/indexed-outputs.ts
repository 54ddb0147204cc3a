import { db } from '@/lib/db/client';
import { indexedOutput, indexedWorkflow } from '@/lib/db/schema-risk';

/** Index rows with only what similar search and the output hasher read: a workflow per owner and its outputs. */
export async function indexOutputs(outputs: readonly { blobId: string; workflowId: string; ownerId?: number; mediaType?: string; available?: string }[]): Promise<void> {
  const database = await db();
  const now = new Date();
  const workflows = new Map(outputs.map((output) => [output.workflowId, output.ownerId ?? 7]));
  await database
    .insert(indexedWorkflow)
    .values([...workflows].map(([id, ownerId]) => ({ id, ownerId, status: 'succeeded', createdAt: now, outputCount: 1, unreadableOutputs: 0, indexedAt: now, source: 'backfill' })))
    .onConflictDoNothing();
  await database.insert(indexedOutput).values(
    outputs.map((output, ordinal) => ({
      blobId: output.blobId,
      workflowId: output.workflowId,
      stepName: '$0',
      ordinal,
      mediaType: output.mediaType ?? 'image',
      available: output.available ?? 'true',
      nsfwLevel: 'pg',
      scanRead: true,
      csamReadable: true,
      createdAt: now,
      indexedAt: now,
    })),
  );
}
