import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';
import { percentile } from './figures';
import { inScratchSchema } from './scratch-schema';

/**
 * The risk index at scale, seeded in SQL (generate_series): `outputs` indexed outputs, four per workflow, spread evenly
 * over 30 days, so the index-scale benchmarks (bench/overview.ts, bench/team-stats.ts) read the same data.
 */

const DAY_SECONDS = 86_400;

/**
 * One output's CSAM percent from a hash of (workflow, output): about 1 % above, 5 % near, 2 % unreadable (null), the
 * rest below. The workflow row's worst percent and unreadable count are computed from the same expression.
 */
const percent = (g: string, k: string) =>
  sql.raw(`(case when h.r < 10 then 50 + (h.x % 5000) / 100.0
                 when h.r < 60 then 10 + (h.x % 4000) / 100.0
                 when h.r < 80 then null
                 else (h.x % 1000) / 100.0 end)
           from (select (hashint8(${g}::bigint * 4 + ${k}) & 2147483647) % 1000 as r, (hashint8(${g}::bigint * 7 + ${k}) & 2147483647) as x) h`);

export async function seedIndex(handle: DatabaseHandle, outputs: number): Promise<void> {
  const workflows = Math.ceil(outputs / 4);
  // Owners: 30 % of workflows from 50 busy Civitai users, the rest spread over 5,000; three in four carry an end user.
  await handle.db.execute(sql`
    insert into indexed_workflow (id, owner_id, end_user, tags, metadata_text, status, created_at, completed_at, output_count,
                                  worst_csam, unreadable_outputs, indexed_at, source)
    select (case when g % 10 < 3 then 1000 + g % 50 else 2000 + g % 5000 end) || '-bench-' || g,
           case when g % 10 < 3 then 1000 + g % 50 else 2000 + g % 5000 end,
           case when g % 4 = 0 then null else (g % 20011)::text end,
           case when g % 4 = 0 then array['gen'] else array['gen', 'user:' || (g % 20011)] end,
           'a prompt number ' || g, 'succeeded',
           now() - (g * ${(30 * DAY_SECONDS) / workflows}::float8) * interval '1 second',
           now() - (g * ${(30 * DAY_SECONDS) / workflows}::float8) * interval '1 second' + interval '5 seconds', 4,
           o.worst, o.unreadable, now(), 'backfill'
      from generate_series(1, ${workflows}) g
      cross join lateral (select max(p) as worst, count(*) filter (where p is null)::int as unreadable
                            from generate_series(0, 3) k, lateral (select ${percent('g', 'k')}) as v(p)) o`);
  await handle.db.execute(sql`
    insert into indexed_output (blob_id, workflow_id, job_id, step_name, ordinal, position, media_type, available, nsfw_level,
                                scan_read, csam_percent, csam_readable, created_at, indexed_at)
    select w.id || '-' || k, w.id, w.id || '-job', '$0', k, k, 'image', 'true', 'pg', true, v.p, v.p is not null, w.created_at, now()
      from indexed_workflow w, generate_series(0, 3) k,
           lateral (select ${percent("split_part(w.id, '-bench-', 2)", 'k')}) as v(p)`);
}

/**
 * `measure` on an in-memory PGlite (unless `skipPglite`: its 1M-row seed takes minutes), then on PostgreSQL (`pgUrl`,
 * in a schema of its own) when one is given.
 */
export async function onEachDatabase<T>(
  prefix: string,
  pgUrl: string | undefined,
  measure: (name: 'PGlite' | 'PostgreSQL', handle: DatabaseHandle) => Promise<T[]>,
  skipPglite = false,
): Promise<T[]> {
  const results: T[] = [];
  if (!skipPglite) {
    const pglite = await openDatabase({ kind: 'pglite' });
    try {
      results.push(...(await measure('PGlite', pglite)));
    } finally {
      await pglite.close();
    }
  }
  if (pgUrl) results.push(...(await inScratchSchema(pgUrl, prefix, (handle) => measure('PostgreSQL', handle))));
  return results;
}

/** p50 and p95 of `runs` timed reads after three warm-ups, and the last answer. */
export async function timeReads<T>(runs: number, read: () => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  let last = await read();
  for (let i = 1; i < 3; i += 1) last = await read();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    last = await read();
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), last };
}
