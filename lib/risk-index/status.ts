import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import type { CallContext } from '@/lib/orchestrator/client';
import { readUpstreamStatus } from '@/lib/orchestrator/service';
import type { IndexStatus, UpstreamStatus } from '@/lib/orchestrator/types';
import { rowsOf } from './work';

/** What the index holds, read from the database, so it covers every instance's indexer. */
export async function indexStatus(enabled = env().INDEX_ENABLED): Promise<IndexStatus> {
  const database = await db();
  const [row] = rowsOf(
    await database.execute(sql`
      select (select count(*) from indexed_workflow)::int as workflows,
             (select count(*) from indexed_output)::int as outputs,
             (select state->>'polledAt' from index_work where key = 'follower') as polled_at,
             (select count(*) from index_work where kind = 'slice' and not done)::int as slices_left,
             (select count(*) from index_work where kind = 'slice')::int as slices,
             (select last_error from index_work where last_error is not null order by updated_at desc limit 1) as last_error`),
  );
  const polledAt = row?.polled_at ? Date.parse(String(row.polled_at)) : null;
  return {
    enabled,
    workflows: Number(row?.workflows ?? 0),
    outputs: Number(row?.outputs ?? 0),
    followerLagSeconds: polledAt === null ? null : Math.max(0, Math.round((Date.now() - polledAt) / 1000)),
    backfillDone: Number(row?.slices ?? 0) > 0 && Number(row?.slices_left ?? 0) === 0,
    lastError: row?.last_error ? String(row.last_error) : null,
  };
}

/** GET /api/status: the upstream's status and the index's. */
export async function readConsoleStatus(ctx: CallContext): Promise<UpstreamStatus> {
  const [upstream, index] = await Promise.all([readUpstreamStatus(ctx), indexStatus()]);
  return { ...upstream, index };
}
