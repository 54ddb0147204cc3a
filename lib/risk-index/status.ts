import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import type { CallContext } from '@/lib/orchestrator/client';
import { readUpstreamStatus } from '@/lib/orchestrator/upstream-reads';
import type { IndexStatus, UpstreamStatus } from '@/lib/orchestrator/types';
import { rowsOf } from './work';

/** How current the index is, without counting its rows (cheap enough for every overview request). */
export type IndexFreshness = Omit<IndexStatus, 'workflows' | 'outputs'> & {
  /** Creation time of the newest indexed workflow; null when the index holds none. */
  newestWorkflowAt: string | null;
};

export async function indexFreshness(enabled = env().INDEX_ENABLED): Promise<IndexFreshness> {
  const database = await db();
  const [row] = rowsOf(
    await database.execute(sql`
      select (select state->>'polledAt' from index_work where key = 'follower') as polled_at,
             (select count(*) from index_work where kind = 'slice' and not done)::int as slices_left,
             (select count(*) from index_work where kind = 'slice')::int as slices,
             (select last_error from index_work where last_error is not null order by updated_at desc limit 1) as last_error,
             (select created_at from indexed_workflow order by created_at desc limit 1) as newest`),
  );
  const polledAt = row?.polled_at ? Date.parse(String(row.polled_at)) : null;
  return {
    enabled,
    followerLagSeconds: polledAt === null ? null : Math.max(0, Math.round((Date.now() - polledAt) / 1000)),
    backfillDone: Number(row?.slices ?? 0) > 0 && Number(row?.slices_left ?? 0) === 0,
    lastError: row?.last_error ? String(row.last_error) : null,
    newestWorkflowAt: row?.newest ? new Date(row.newest as string | Date).toISOString() : null,
  };
}

/** What the index holds, read from the database, so it covers every instance's indexer. */
export async function indexStatus(enabled = env().INDEX_ENABLED): Promise<IndexStatus> {
  const database = await db();
  const [[row], freshness] = await Promise.all([
    database
      .execute(sql`select (select count(*) from indexed_workflow)::int as workflows, (select count(*) from indexed_output)::int as outputs`)
      .then(rowsOf),
    indexFreshness(enabled),
  ]);
  const { followerLagSeconds, backfillDone, lastError } = freshness;
  return { enabled, workflows: Number(row?.workflows ?? 0), outputs: Number(row?.outputs ?? 0), followerLagSeconds, backfillDone, lastError };
}

/** GET /api/status: the upstream's status and the index's. */
export async function readConsoleStatus(ctx: CallContext): Promise<UpstreamStatus> {
  const [upstream, index] = await Promise.all([readUpstreamStatus(ctx), indexStatus()]);
  return { ...upstream, index };
}
