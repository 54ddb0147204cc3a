import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { indexedOutput, indexedWorkflow, watchedUser } from '@/lib/db/schema-risk';
import { reviewDecisions } from '@/lib/db/schema-review';
import { scoreBand } from '@/lib/moderation/scan';
import { subjectKey } from '@/lib/review/history';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { outputBandSql } from './list';
import { readRiskOverview } from './overview';
import { rowsOf } from './work';

/** The overview from a small index: band counts per output, the window's inclusive start, and both rankings. */

const THRESHOLDS = { near: 10, above: 50 };
const HOUR = 3_600_000;
const now = new Date('2026-12-01T12:00:00.000Z');
const DAY_START = now.getTime() - 24 * HOUR;

/** An output: its percent (null = unreadable score), or a scan that could not be read at all. */
type Out = number | null | { unscanned: number };
type Seed = { id: string; owner: number; endUser?: string; createdAt: number; outputs: Out[] };

const SEEDS: Seed[] = [
  { id: '21-a', owner: 21, endUser: 'e1', createdAt: now.getTime() - 1 * HOUR, outputs: [72, 12, 3] },
  { id: '21-b', owner: 21, createdAt: now.getTime() - 2 * HOUR, outputs: [55] },
  { id: '22-c', owner: 22, endUser: 'e2', createdAt: now.getTime() - 3 * HOUR, outputs: [72, 60] },
  { id: '23-d', owner: 23, endUser: 'e2', createdAt: now.getTime() - 4 * HOUR, outputs: [99.5] },
  { id: '24-e', owner: 24, endUser: 'e3', createdAt: now.getTime() - 5 * HOUR, outputs: [10, null] },
  { id: '25-f', owner: 25, endUser: 'e4', createdAt: now.getTime() - 6 * HOUR, outputs: [5, 9.99, { unscanned: 80 }] },
  // Exactly the window's first instant: in. One millisecond earlier: out of 24 h, in 7 d.
  { id: '26-g', owner: 26, createdAt: DAY_START, outputs: [80] },
  { id: '27-h', owner: 27, endUser: 'e5', createdAt: DAY_START - 1, outputs: [90] },
  { id: '21-i', owner: 21, createdAt: now.getTime() - 30 * HOUR, outputs: [100] },
];

const percentOf = (out: Out) => (out !== null && typeof out === 'object' ? out.unscanned : out);

async function seed() {
  const database = await db();
  await database.insert(indexedWorkflow).values(
    SEEDS.map((seed) => {
      const readable = seed.outputs.filter((out): out is number => typeof out === 'number');
      return {
        id: seed.id,
        ownerId: seed.owner,
        endUser: seed.endUser ?? null,
        tags: seed.endUser ? [`user:${seed.endUser}`] : [],
        status: 'succeeded',
        createdAt: new Date(seed.createdAt),
        outputCount: seed.outputs.length,
        worstCsam: readable.length ? Math.max(...readable) : null,
        unreadableOutputs: seed.outputs.length - readable.length,
        indexedAt: now,
        source: 'backfill',
      };
    }),
  );
  await database.insert(indexedOutput).values(
    SEEDS.flatMap((seed) =>
      seed.outputs.map((out, ordinal) => ({
        blobId: `${seed.id}-${ordinal}`,
        workflowId: seed.id,
        stepName: '$0',
        ordinal,
        mediaType: 'image',
        available: 'true',
        nsfwLevel: 'pg',
        scanRead: !(out !== null && typeof out === 'object'),
        csamPercent: percentOf(out),
        csamReadable: typeof out === 'number',
        createdAt: new Date(seed.createdAt),
        indexedAt: now,
      })),
    ),
  );
  const decision = (workflowId: string, version: number, kind: 'ok' | 'flagged' | null, blobId: string | null = null) => ({
    id: crypto.randomUUID(),
    subjectKey: subjectKey({ workflowId, blobId }),
    workflowId,
    blobId,
    version,
    action: kind ? ('decide' as const) : ('undo' as const),
    kind,
    decidedById: 'm1',
    decidedByName: 'Mo',
    decidedByEmail: 'mo@example.test',
    decidedByRole: 'moderator',
    decidedAt: now,
    workflowVersionSeen: 'v1',
  });
  await database.insert(reviewDecisions).values([
    decision('23-d', 1, 'ok'),
    // Decided, then undone: not reviewed any more.
    decision('21-b', 1, 'flagged'),
    decision('21-b', 2, null),
    // A decision on one output counts as reviewed.
    decision('22-c', 1, 'flagged', '22-c-1'),
  ]);
  await database.insert(watchedUser).values({ userId: 22, reason: 'opened' });
}

for (const name of DATABASES) {
  describe.skipIf(!databaseAvailable(name, 'risk overview'))(`the risk overview on ${name}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(name);
      await seed();
    });
    afterAll(() => database?.dispose());

    it('derives each output’s band in SQL exactly as scoreBand does, unreadable and unscanned as unknown', async () => {
      const rows = rowsOf(await (await db()).execute(sql`select blob_id, scan_read, csam_readable, csam_percent, ${outputBandSql(THRESHOLDS)} as band from indexed_output`));
      expect(rows).toHaveLength(SEEDS.flatMap((seed) => seed.outputs).length);
      for (const row of rows) {
        const expected = row.scan_read && row.csam_readable ? scoreBand(row.csam_percent === null ? null : Number(row.csam_percent), THRESHOLDS) : 'unknown';
        expect(row.band, String(row.blob_id)).toBe(expected);
      }
    });

    it('counts the outputs of the last 24 h per band, the window’s first instant included', async () => {
      const overview = await readRiskOverview('24h', THRESHOLDS, now);
      expect(overview.since).toBe(new Date(DAY_START).toISOString());
      expect(overview.bands).toEqual({ above: 6, near: 2, below: 3, unknown: 2 });
      const week = await readRiskOverview('7d', THRESHOLDS, now);
      expect(week.bands).toEqual({ above: 8, near: 2, below: 3, unknown: 2 });
    });

    it('ranks Civitai users worst first, then by outputs above and near, and fills with the rest of the window', async () => {
      const { civitaiUsers } = await readRiskOverview('24h', THRESHOLDS, now);
      expect(civitaiUsers).toEqual([
        { id: '23', worstCsam: 99.5, above: 1, near: 0, unreviewed: 0, watched: false },
        { id: '26', worstCsam: 80, above: 1, near: 0, unreviewed: 1, watched: false },
        { id: '21', worstCsam: 72, above: 2, near: 1, unreviewed: 2, watched: false },
        { id: '22', worstCsam: 72, above: 2, near: 0, unreviewed: 0, watched: true },
        { id: '24', worstCsam: 10, above: 0, near: 1, unreviewed: 1, watched: false },
        { id: '25', worstCsam: 9.99, above: 0, near: 0, unreviewed: 1, watched: false },
      ]);
      const week = await readRiskOverview('7d', THRESHOLDS, now);
      expect(week.civitaiUsers.map((user) => [user.id, user.worstCsam, user.above])).toEqual([
        ['21', 100, 3],
        ['23', 99.5, 1],
        ['27', 90, 1],
        ['26', 80, 1],
        ['22', 72, 2],
        ['24', 10, 0],
        ['25', 9.99, 0],
      ]);
    });

    it('ranks end users from the user:<id> tag the same way', async () => {
      const { endUsers } = await readRiskOverview('24h', THRESHOLDS, now);
      expect(endUsers).toEqual([
        { id: 'e2', worstCsam: 99.5, above: 3, near: 0, unreviewed: 0 },
        { id: 'e1', worstCsam: 72, above: 1, near: 1, unreviewed: 1 },
        { id: 'e3', worstCsam: 10, above: 0, near: 1, unreviewed: 1 },
        { id: 'e4', worstCsam: 9.99, above: 0, near: 0, unreviewed: 1 },
      ]);
    });

    it('says how fresh the index is, and answers an empty window with zero counts and no users', async () => {
      const overview = await readRiskOverview('24h', THRESHOLDS, new Date(now.getTime() + 40 * 24 * HOUR));
      expect(overview.bands).toEqual({ above: 0, near: 0, below: 0, unknown: 0 });
      expect(overview.civitaiUsers).toEqual([]);
      expect(overview.endUsers).toEqual([]);
      expect(overview.index.newestWorkflowAt).toBe(new Date(SEEDS[0]!.createdAt).toISOString());
      expect(overview.index.backfillDone).toBe(false);
    });
  });
}
