import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { indexedOutput, indexedWorkflow } from '@/lib/db/schema-risk';
import { listRisk, type OutputRisk } from '@/lib/moderation/read-model';
import { WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import type { Workflow } from '@/lib/orchestrator/types';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { listFromIndex, riskBandSql, withRisk, type IndexedListItem } from './list';
import { indexWorkflows } from './store';
import { rowsOf } from './work';

/** The list from the index: bands in SQL agree with listRisk, filters and keyset paging, and fresh reads win. */

const THRESHOLDS = { near: 10, above: 50 };
const HOUR = 3_600_000;
const base = Date.parse('2026-11-30T12:00:00.000Z');

type Seed = { id: string; owner: number; worst: number | null; unreadable?: number; hoursAgo: number; tags?: string[]; status?: string; text?: string };

const SEEDS: Seed[] = [
  { id: '11-a', owner: 11, worst: 72.5, hoursAgo: 1, tags: ['user:7', 'gen'], text: 'a lighthouse' },
  { id: '11-b', owner: 11, worst: 50, hoursAgo: 2, tags: ['gen'] },
  { id: '12-c', owner: 12, worst: 99, hoursAgo: 30, tags: ['user:7'], status: 'failed' },
  { id: '12-d', owner: 12, worst: 49.99, hoursAgo: 3 },
  { id: '12-e', owner: 12, worst: 10, hoursAgo: 4, text: 'Harbour at night' },
  { id: '13-f', owner: 13, worst: 9.99, hoursAgo: 5 },
  { id: '13-g', owner: 13, worst: null, unreadable: 1, hoursAgo: 6 },
  { id: '13-h', owner: 13, worst: 3, unreadable: 2, hoursAgo: 7 },
  { id: '13-i', owner: 13, worst: 72.5, hoursAgo: 8, tags: ['user:8'] },
  { id: '13-j', owner: 13, worst: null, hoursAgo: 9 },
];

function request(query: Record<string, string | string[]>) {
  const parsed = WorkflowListQuerySchema.safeParse(query);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

async function all(query: Record<string, string | string[]>, take = 3): Promise<IndexedListItem[]> {
  const items: IndexedListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFromIndex(request({ ...query, take: String(take), ...(cursor ? { cursor } : {}) }), THRESHOLDS);
    expect(page.source).toBe('index');
    items.push(...(page.items as IndexedListItem[]));
    cursor = page.next ?? undefined;
  } while (cursor);
  return items;
}

for (const name of DATABASES) {
  describe.skipIf(!databaseAvailable(name, 'risk list'))(`the risk list on ${name}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(name);
      await (await db()).insert(indexedWorkflow).values(
        SEEDS.map((seed) => ({
          id: seed.id,
          ownerId: seed.owner,
          endUser: seed.tags?.find((tag) => tag.startsWith('user:'))?.slice(5) ?? null,
          tags: seed.tags ?? [],
          metadataText: (seed.text ?? '').toLowerCase(),
          status: seed.status ?? 'succeeded',
          createdAt: new Date(base - seed.hoursAgo * HOUR),
          completedAt: new Date(base - seed.hoursAgo * HOUR + 60_000),
          outputCount: 1,
          worstCsam: seed.worst,
          unreadableOutputs: seed.unreadable ?? 0,
          indexedAt: new Date(base),
          source: 'backfill',
        })),
      );
    });
    afterAll(() => database?.dispose());

    it('derives the same band in SQL as listRisk, on every boundary', async () => {
      const rows = rowsOf(await (await db()).execute(sql`select id, worst_csam, unreadable_outputs, ${riskBandSql(THRESHOLDS)} as band from indexed_workflow`));
      expect(rows).toHaveLength(SEEDS.length);
      for (const row of rows) {
        const facts = { worstCsam: row.worst_csam === null ? null : Number(row.worst_csam), unreadableOutputs: Number(row.unreadable_outputs) };
        expect(row.band, String(row.id)).toBe(listRisk(facts, THRESHOLDS).band);
      }
    });

    it('sorts worst first, then newest, and pages through everything once', async () => {
      const items = await all({ sort: 'risk' });
      expect(items.map((item) => item.id)).toEqual(['12-c', '11-a', '13-i', '11-b', '13-h', '13-g', '12-d', '12-e', '13-f', '13-j']);
      expect(items[0]).toMatchObject({ ownerId: 12, status: 'failed', risk: { band: 'above', csamPercent: 99 }, outputCount: 1 });
    });

    it('filters to above, or to near-or-above with unscanned counted (never safe)', async () => {
      expect((await all({ minRisk: 'above', sort: 'risk' })).map((item) => item.id)).toEqual(['12-c', '11-a', '13-i', '11-b']);
      expect((await all({ minRisk: 'near' })).map((item) => item.id)).toEqual(['11-a', '11-b', '12-d', '12-e', '13-g', '13-h', '13-i', '12-c']);
      expect((await all({ minRisk: 'near', order: 'oldest' })).map((item) => item.id)).toEqual(['12-c', '13-i', '13-h', '13-g', '12-e', '12-d', '11-b', '11-a']);
    });

    it('keeps the other filters: user, end user, tags, text, dates, status', async () => {
      const ids = async (query: Record<string, string | string[]>) => (await all({ minRisk: 'near', ...query })).map((item) => item.id);
      expect(await ids({ userId: '13' })).toEqual(['13-g', '13-h', '13-i']);
      expect(await ids({ endUser: '7' })).toEqual(['11-a', '12-c']);
      expect(await ids({ tags: ['gen', 'user:7'] })).toEqual(['11-a']);
      expect(await ids({ q: 'HARBOUR' })).toEqual(['12-e']);
      expect(await ids({ q: '%' })).toEqual([]);
      expect(await ids({ from: new Date(base - 4.5 * HOUR).toISOString(), to: new Date(base - 1.5 * HOUR).toISOString() })).toEqual(['11-b', '12-d', '12-e']);
      expect(await ids({ status: 'failed' })).toEqual(['12-c']);
      expect(await ids({ excludeFailed: 'true', userId: '12' })).toEqual(['12-d', '12-e']);
    });

    it('refuses a cursor made for other filters', async () => {
      const page = await listFromIndex(request({ sort: 'risk', take: '2' }), THRESHOLDS);
      await expect(listFromIndex(request({ minRisk: 'above', sort: 'risk', take: '2', cursor: page.next! }), THRESHOLDS)).rejects.toMatchObject({ kind: 'invalid_input' });
    });

    it('attaches indexed risk to upstream items, pending when not indexed', async () => {
      const workflow = (id: string) => ({ id }) as Workflow;
      const page = await withRisk({ items: [workflow('11-a'), workflow('99-unknown')], next: null, scanned: 2, unreadable: 0, upstreamCalls: 1, filled: true }, THRESHOLDS);
      expect(page.source).toBe('upstream');
      expect(page.items.map((item) => item.risk)).toEqual([{ band: 'above', csamPercent: 72.5 }, { band: 'pending', csamPercent: null }]);
    });

    it('lets a drill-down’s fresh read overwrite what an older read indexed', async () => {
      const workflow = { id: '14-k', ownerId: 14, status: 'succeeded', createdAt: new Date(base).toISOString(), completedAt: null, tags: [], metadata: {}, steps: [] } as unknown as Workflow;
      const output = (blobId: string, percent: number | null): OutputRisk =>
        ({ blobId, workflowId: '14-k', jobId: 'job-1', stepName: '$0', position: 0, mediaType: 'image', available: true, nsfwLevel: 'pg', blockedReason: null, scan: percent === null ? null : { csamRaw: `${percent} %`, csamPercent: percent, csamBand: 'below', csamScope: 'output', vlm: [], childFindings: [], promptFlags: [], blockedReason: null, nsfwLevel: 'pg', readable: true }, scanMissing: percent === null ? 'Scan evidence unavailable: the job could not be read' : null, band: percent === null ? 'unknown' : 'below' }) as OutputRisk;
      await indexWorkflows([{ workflow, outputs: [output('blob-old', null)] }], 'backfill', new Date(base));
      await indexWorkflows([{ workflow, outputs: [output('blob-new', 61.5)] }], 'drilldown', new Date(base + 1));
      const [row] = rowsOf(await (await db()).execute(sql`select source, worst_csam, unreadable_outputs from indexed_workflow where id = '14-k'`));
      expect(row).toMatchObject({ source: 'drilldown', worst_csam: 61.5, unreadable_outputs: 0 });
      const outputs = await (await db()).select({ blobId: indexedOutput.blobId }).from(indexedOutput).where(sql`${indexedOutput.workflowId} = '14-k'`);
      expect(outputs).toEqual([{ blobId: 'blob-new' }]);
    });
  });
}
