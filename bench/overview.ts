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
import { setDatabase, type DatabaseHandle } from '@/lib/db/client';
import { readRiskOverview } from '@/lib/risk-index/overview';
import { OVERVIEW_WINDOWS } from '@/lib/risk-index/overview-window';
import { rowsOf } from '@/lib/risk-index/work';
import { onEachDatabase, seedIndex, timeReads } from './harness/index-seed';

const { values: args } = parseArgs({
  options: { outputs: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '30' }, pg: { type: 'string' } },
});
const OUTPUTS = Number(args.outputs);
const RUNS = Number(args.runs);
const PG_URL = args.pg ?? process.env.TEST_DATABASE_URL;
const THRESHOLDS = { near: 10, above: 50 };
async function seed(handle: DatabaseHandle, outputs: number): Promise<number> {
  const started = performance.now();
  await seedIndex(handle, outputs);
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
    const { p50, p95, last } = await timeReads(RUNS, () => readRiskOverview(window, THRESHOLDS));
    results.push({ database: name, window, p50, p95, bands: last.bands });
  }
  return results;
}

const results = await onEachDatabase('bench_overview', PG_URL, measure);

console.log(`readRiskOverview, ${OUTPUTS} outputs, ${RUNS} runs per window (ms):`);
for (const row of results) {
  const total = Object.values(row.bands).reduce((sum, n) => sum + n, 0);
  console.log(`${row.database.padEnd(10)} ${row.window.padEnd(4)} p50 ${row.p50.toFixed(1).padStart(7)}  p95 ${row.p95.toFixed(1).padStart(7)}  outputs in window ${total}`);
}
