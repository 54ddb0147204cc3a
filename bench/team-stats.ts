/**
 * The leads' view at scale: seeds 1,000,000 indexed outputs (bench/harness/index-seed.ts), 100,000 decisions by 20
 * reviewers over 30 days (one in ten a reversal of an earlier one) and 20,000 reveals into an in-memory PGlite, and
 * into PostgreSQL when TEST_DATABASE_URL or `--pg <url>` is given (in a schema of its own, dropped afterwards), then
 * times readTeamStats (what GET /api/stats calls) for each window. Target: 30 days, p50 <= 200 ms. Run with the
 * react-server condition, like the console's server code:
 *
 *   npm run bench:team -- [--outputs 1000000] [--decisions 100000] [--runs 20] [--pg postgres://postgres@127.0.0.1:5432/test] [--skip-pglite]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { setDatabase, type DatabaseHandle } from '@/lib/db/client';
import { OVERVIEW_WINDOWS } from '@/lib/risk-index/overview-window';
import { rowsOf } from '@/lib/risk-index/work';
import { readTeamStats } from '@/lib/team/stats';
import { onEachDatabase, seedIndex, timeReads } from './harness/index-seed';

const { values: args } = parseArgs({
  options: {
    outputs: { type: 'string', default: '1000000' },
    decisions: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '20' },
    pg: { type: 'string' },
    'skip-pglite': { type: 'boolean', default: false },
  },
});
const OUTPUTS = Number(args.outputs);
const DECISIONS = Number(args.decisions);
const RUNS = Number(args.runs);
const PG_URL = args.pg ?? process.env.TEST_DATABASE_URL;
const THRESHOLDS = { near: 10, above: 50 };
const LEAD = { id: 'bench-lead', email: 'lead@example.test', name: 'Lead', role: 'senior' as const, sessionId: 'bench' };

/**
 * Decisions on the indexed workflows: the first nine in ten are first decisions (version 1) on distinct workflows, one
 * an hour or so after the workflow completed; the last tenth reverse some of them (version 2, another verdict).
 * Reveals: 20,000 audit rows over 30 days, one in five of tier 3.
 */
async function seedTeamWork(handle: DatabaseHandle, decisions: number): Promise<void> {
  const first = Math.floor(decisions * 0.9);
  await handle.db.execute(sql`
    insert into review_decisions (id, subject_key, workflow_id, version, action, kind, decided_by_id, decided_by_name, decided_by_email,
                                  decided_by_role, decided_at, workflow_version_seen)
    select gen_random_uuid(), w.id, w.id, 1, 'decide', (array['ok', 'ok', 'ok', 'flagged', 'escalated'])[1 + n % 5],
           'reviewer-' || n % 20, 'Reviewer ' || n % 20, 'reviewer' || n % 20 || '@example.test', 'moderator',
           least(now(), w.completed_at + (n % 7200) * interval '1 second'), 'v'
      from (select id, completed_at, row_number() over (order by id) as n from indexed_workflow) w
     where w.n <= ${first}`);
  await handle.db.execute(sql`
    insert into review_decisions (id, subject_key, workflow_id, version, action, kind, decided_by_id, decided_by_name, decided_by_email,
                                  decided_by_role, decided_at, workflow_version_seen)
    select gen_random_uuid(), d.subject_key, d.workflow_id, 2, 'decide', case when d.kind = 'ok' then 'flagged' else 'ok' end,
           'reviewer-' || (d.n + 1) % 20, 'Reviewer ' || (d.n + 1) % 20, 'reviewer' || (d.n + 1) % 20 || '@example.test', 'senior',
           least(now(), d.decided_at + interval '10 minutes'), 'v'
      from (select *, row_number() over (order by subject_key) as n from review_decisions where version = 1) d
     where d.n <= ${decisions - first}`);
  // The leads' figures kept as decisions happen, filled as the migration backfills an existing database's decisions.
  await handle.db.execute(sql`select rebuild_team_figures()`);
  await handle.db.execute(sql`
    insert into audit_event (actor_id, actor_email, actor_role, action, target_type, target_id, workflow_id, detail, at)
    select 'reviewer-' || g % 20, 'reviewer' || g % 20 || '@example.test', 'moderator', 'reveal', 'blob', 'blob-' || g, null,
           jsonb_build_object('tier', case when g % 5 = 0 then 3 else 2 end), now() - (g * 129.6) * interval '1 second'
      from generate_series(1, 20000) g`);
  await handle.db.execute(sql`analyze`);
}

interface Measured {
  database: string;
  window: string;
  p50: number;
  p95: number;
  decisions: number;
}

async function measure(name: string, handle: DatabaseHandle): Promise<Measured[]> {
  setDatabase(handle);
  const started = performance.now();
  await seedIndex(handle, OUTPUTS);
  await seedTeamWork(handle, DECISIONS);
  const [outputs] = rowsOf(await handle.db.execute(sql`select count(*)::int as n from indexed_output`));
  const [decided] = rowsOf(await handle.db.execute(sql`select count(*)::int as n from review_decisions`));
  console.error(`${name}: seeded ${outputs!.n} outputs and ${decided!.n} decisions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const results: Measured[] = [];
  for (const window of OVERVIEW_WINDOWS) {
    const { p50, p95, last } = await timeReads(RUNS, () => readTeamStats(LEAD, window, THRESHOLDS));
    results.push({ database: name, window, p50, p95, decisions: last.decided.decisions });
  }
  return results;
}

const results = await onEachDatabase('bench_team', PG_URL, measure, args['skip-pglite']);

console.log(`readTeamStats, ${OUTPUTS} outputs, ${DECISIONS} decisions, ${RUNS} runs per window (ms; target 30d p50 <= 200):`);
for (const row of results) {
  console.log(`${row.database.padEnd(10)} ${row.window.padEnd(4)} p50 ${row.p50.toFixed(1).padStart(7)}  p95 ${row.p95.toFixed(1).padStart(7)}  decisions in window ${row.decisions}`);
}
