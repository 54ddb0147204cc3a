import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/lib/db/client';
import { readOutputs } from '@/lib/moderation/read-model';
import type { JobDetail, MediaItem, Workflow } from '@/lib/orchestrator/types';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { endUserOf, indexedOutputs, indexedRiskFacts, indexWorkflows, metadataText, placeBlob } from './store';

const thresholds = { near: 10, above: 50 };

function item(blobId: string, jobId: string | null): MediaItem {
  return { blobId, mediaType: 'image', available: true, nsfwLevel: 'r', blockedReason: null, jobId, width: null, height: null, stepName: '$0' };
}

function workflowWith(id: string, media: MediaItem[]): Workflow {
  return {
    id,
    ownerId: 5,
    status: 'succeeded',
    createdAt: '2026-11-20T11:58:00.000Z',
    completedAt: '2026-11-20T11:58:09.000Z',
    tags: ['civitai', 'user:4242'],
    metadata: { params: { prompt: 'A Lighthouse' } },
    steps: [{ name: '$0', jobs: [{ id: 'j1' }], media, children: [] }],
    media,
  } as unknown as Workflow;
}

function job(csam: string | null, outputs: string[]): JobDetail {
  return { jobId: 'j1', outputs: outputs.map((blobKey) => ({ blobKey, available: true })), context: csam === null ? null : { hive_csam_score: csam }, promptClassification: null } as unknown as JobDetail;
}

describe('index helpers', () => {
  it('reads the end user from the user:<id> tag', () => {
    expect(endUserOf(['civitai', 'user:4242', 'user:7'])).toBe('4242');
    expect(endUserOf(['user:abc'])).toBeNull();
  });

  it('flattens metadata values, not keys, to lower case', () => {
    expect(metadataText({ params: { prompt: 'A Lighthouse', seed: 7 }, tags: ['Blue'] })).toBe('a lighthouse 7 blue');
  });
});

for (const name of DATABASES) {
  describe.skipIf(!databaseAvailable(name, 'risk index store'))(`risk index store on ${name}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(name);
    });
    afterAll(async () => {
      await closeDb();
      await database.dispose();
    });

    const id = '5-20261120115800000';
    const media = [item('A.jpeg', 'j1'), item('B.jpeg', 'j1')];
    const outputs = readOutputs(workflowWith(id, media), new Map([['j1', job('3.12 %, 61.50 %', ['A.jpeg', 'B.jpeg'])]]), thresholds);

    it('writes a workflow and its outputs, and reads back the same read model', async () => {
      await indexWorkflows([{ workflow: workflowWith(id, media), outputs }], 'backfill');
      const read = await indexedOutputs(id, thresholds);
      expect(read?.outputs).toEqual(outputs);
      expect(await placeBlob('B.jpeg')).toEqual({ workflowId: id, jobId: 'j1' });
      expect(await placeBlob('nope.jpeg')).toBeNull();
      expect((await indexedRiskFacts([id, '5-20200101000000000'])).get(id)).toEqual({ worstCsam: 61.5, unreadableOutputs: 0 });
    });

    it('is idempotent, and a newer read replaces the rows (outputs the workflow no longer lists are removed)', async () => {
      await indexWorkflows([{ workflow: workflowWith(id, media), outputs }], 'follower');
      const onlyA = [media[0]!];
      const reread = readOutputs(workflowWith(id, onlyA), new Map([['j1', null]]), thresholds);
      await indexWorkflows([{ workflow: workflowWith(id, onlyA), outputs: reread }], 'drilldown');
      const read = await indexedOutputs(id, thresholds);
      expect(read?.outputs.map((output) => [output.blobId, output.scan])).toEqual([['A.jpeg', null]]);
      expect(await placeBlob('B.jpeg')).toBeNull();
      expect((await indexedRiskFacts([id])).get(id)).toEqual({ worstCsam: null, unreadableOutputs: 1 });
    });

    it('derives bands from the thresholds in force: a threshold change needs no re-index', async () => {
      await indexWorkflows([{ workflow: workflowWith(id, media), outputs }], 'backfill');
      const stricter = await indexedOutputs(id, { near: 1, above: 3 });
      expect(stricter?.outputs.map((output) => output.band)).toEqual(['above', 'above']);
    });
  });
}
