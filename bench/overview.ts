/**
 * The risk overview at scale: seeds 1,000,000 indexed outputs (250,000 workflows of four outputs, spread evenly over
 * 30 days, with SQL generate_series) into an in-memory PGlite, and into PostgreSQL when TEST_DATABASE_URL or
 * `--pg <url>` is given (in a schema of its own, dropped afterwards), then times readRiskOverview (what
 * GET /api/overview calls) for each window. Run with the react-server condition, like the console's server code:
 *
 *   npm run bench:overview -- [--outputs 1000000] [--runs 30] [--pg postgres://postgres@127.0.0.1:5432/test]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/lib/db/client';
import { readRiskOverview } from '@/lib/risk-index/overview';
import { OVERVIEW_WINDOWS } from '@/lib/risk-index/overview-window';
import { rowsOf } from '@/lib/risk-index/work';
import { percentile } from './harness/figures';
import { inScratchSchema } from './harness/postgres';

const { values: args } = parseArgs({
  options: { outputs: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '30' }, pg: { type: 'string' } },
});
const OUTPUTS = Number(args.outputs);
const RUNS = Number(args.runs);
const PG_URL = args.pg ?? process.env.TEST_DATABASE_URL;
const THRESHOLDS = { near: 10, above: 50 };
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

async function seed(handle: DatabaseHandle, outputs: number): Promise<number> {
  const workflows = Math.ceil(outputs / 4);
  const started = performance.now();
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
  // A decision on one workflow in 50, so the unreviewed counts have something to leave out.
  await handle.db.execute(sql`
    insert into review_decisions (id, subject_key, workflow_id, version, action, kind, decided_by_id, decided_by_name, decided_by_email,
                                  decided_by_role, decided_at, workflow_version_seen)
    select gen_random_uuid(), 'workflow:' || id, id, 1, 'decide', 'ok', 'bench', 'Bench', 'bench@example.test', 'moderator', now(), 'v'
      from indexed_workflow where split_part(id, '-bench-', 2)::bigint % 50 = 0`);
  await handle.db.execute(sql`analyze`);
  return (performance.now() - started) / 1000;
}

interface Measured {
  database: string;
  window: string;
  p50: number;
  p95: number;
  bands: Record<string, number>;
}

async function measure(name: string, handle: DatabaseHandle): Promise<Measured[]> {
  setDatabase(handle);
  const seconds = await seed(handle, OUTPUTS);
  const [count] = rowsOf(await handle.db.execute(sql`select count(*)::int as n from indexed_output`));
  console.error(`${name}: seeded ${count!.n} outputs in ${seconds.toFixed(1)} s`);
  const results: Measured[] = [];
  for (const window of OVERVIEW_WINDOWS) {
    for (let i = 0; i < 3; i += 1) await readRiskOverview(window, THRESHOLDS);
    const samples: number[] = [];
    let bands: Record<string, number> = {};
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const overview = await readRiskOverview(window, THRESHOLDS);
      samples.push(performance.now() - started);
      bands = overview.bands;
    }
    results.push({ database: name, window, p50: percentile(samples, 50), p95: percentile(samples, 95), bands });
  }
  return results;
}

const results: Measured[] = [];
const pglite = await openDatabase({ kind: 'pglite' });
try {
  results.push(...(await measure('PGlite', pglite)));
} finally {
  await pglite.close();
}
if (PG_URL) results.push(...(await inScratchSchema(PG_URL, 'bench_overview', (handle) => measure('PostgreSQL', handle))));

console.log(`readRiskOverview, ${OUTPUTS} outputs, ${RUNS} runs per window (ms):`);
for (const row of results) {
  const total = Object.values(row.bands).reduce((sum, n) => sum + n, 0);
  console.log(`${row.database.padEnd(10)} ${row.window.padEnd(4)} p50 ${row.p50.toFixed(1).padStart(7)}  p95 ${row.p95.toFixed(1).padStart(7)}  outputs in window ${total}`);
}
