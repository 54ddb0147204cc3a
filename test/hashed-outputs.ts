import { hashBands } from '@/lib/pdq/bands';
import type { Database } from '@/lib/db/client';
import { outputHash } from '@/lib/db/schema-hash';
import { readOutputs } from '@/lib/moderation/read-model';
import type { JobDetail, MediaItem, Workflow } from '@/lib/orchestrator/types';
import { indexWorkflows } from '@/lib/risk-index/store';

/**
 * Indexed outputs with stored PDQ hashes, for tests of hash-list matching: what the indexer writes once it has
 * hashed a workflow's images (part of the index, so the rows are real index rows).
 */

export interface HashedOutput {
  blobId: string;
  hash: string;
}

export async function indexHashedOutputs(database: Database, workflowId: string, outputs: readonly HashedOutput[]): Promise<void> {
  const media: MediaItem[] = outputs.map(({ blobId }) => ({ blobId, mediaType: 'image', available: true, nsfwLevel: 'pg', blockedReason: null, jobId: 'j1', width: null, height: null, stepName: '$0' }) as MediaItem);
  const workflow = {
    id: workflowId,
    ownerId: 5,
    status: 'succeeded',
    createdAt: new Date().toISOString(),
    completedAt: new Date().toISOString(),
    tags: [],
    metadata: {},
    steps: [{ name: '$0', jobs: [{ id: 'j1' }], media, children: [] }],
    media,
  } as unknown as Workflow;
  const job = { jobId: 'j1', outputs: media.map((item) => ({ blobKey: item.blobId, available: true })), context: { hive_csam_score: media.map(() => '0.10 %').join(', ') }, promptClassification: null } as unknown as JobDetail;
  await indexWorkflows([{ workflow, outputs: readOutputs(workflow, new Map([['j1', job]]), { near: 10, above: 50 }) }], 'drilldown');
  await database
    .insert(outputHash)
    .values(outputs.map(({ blobId, hash }) => {
      const bands = hashBands(hash);
      return { blobId, hash, quality: 100, ...Object.fromEntries(bands.map((value, band) => [`band${band}`, value])) } as typeof outputHash.$inferInsert;
    }))
    .onConflictDoNothing();
}
