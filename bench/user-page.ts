/**
 * The user page's server time with the risk index (issue 17): an in-memory PGlite index holding one Civitai user
 * with 1,000 workflows of four outputs each among 20,000 other workflows, then what the page awaits before it
 * renders, timed: the risk overview read (readUserRisk) and the watch request, together as the page runs them.
 *
 *   node --conditions=react-server --import tsx bench/user-page.ts [--workflows 1000] [--others 20000] [--samples 50]
 *
 * Prints one JSON line: p50, p95 and max in milliseconds.
 */
import { sql } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { closeDb, db, openDatabase, setDatabase } from '@/lib/db/client';
import { readUserRisk } from '@/lib/users/risk-from-index';
import { watchOnBehalf } from '@/lib/risk-index/watch';
import { percentile } from './harness/figures';

const { values: args } = parseArgs({
  options: {
    workflows: { type: 'string', default: '1000' },
    others: { type: 'string', default: '20000' },
    samples: { type: 'string', default: '50' },
  },
});
const USER = 4242;
const THRESHOLDS = { near: 10, above: 50 };
const workflows = Number(args.workflows);
const others = Number(args.others);
const samples = Number(args.samples);

setDatabase(await openDatabase({ kind: 'pglite' }));
const database = await db();
const filled = performance.now();
// The user's workflows a minute apart; the others spread over 5,000 owners. About 1 % above, 5 % near, 1 % unreadable.
await database.execute(sql`
  insert into indexed_workflow (id, owner_id, end_user, tags, metadata_text, status, created_at, completed_at, output_count,
                                worst_csam, unreadable_outputs, indexed_at, source)
  select case when g <= ${workflows} then ${USER} || '-' || (20260101000000000 + g) else (10000 + g % 5000) || '-' || (20260101000000000 + g) end,
         case when g <= ${workflows} then ${USER} else 10000 + g % 5000 end,
         (g % 997)::text, array['gen', 'img', 'user:' || (g % 997)], 'a prompt number ' || g,
         case when g % 10 = 0 then 'failed' else 'succeeded' end,
         now() - g * interval '1 minute', now() - g * interval '1 minute' + interval '5 seconds', 4,
         case when g % 97 = 0 then null
              when g % 100 = 0 then 50 + (g % 4900) / 100.0
              when g % 20 = 0 then 10 + (g % 4000) / 100.0
              else (g % 1000) / 100.0 end,
         case when g % 97 = 0 then 1 else 0 end, now(), 'backfill'
    from generate_series(1, ${workflows + others}) g`);
await database.execute(sql`
  insert into indexed_output (blob_id, workflow_id, job_id, step_name, ordinal, position, media_type, available, nsfw_level,
                              scan_read, csam_percent, csam_readable, created_at, indexed_at)
  select w.id || '-' || k, w.id, w.id || '-job', '$0', k, k, 'image', 'true', (array['pg', 'pg13', 'r', 'x', 'xxx'])[1 + k],
         w.worst_csam is not null, case when k = 0 then w.worst_csam else w.worst_csam / (k + 1) end, w.worst_csam is not null,
         w.created_at, now()
    from indexed_workflow w, generate_series(0, 3) k`);
await database.execute(sql`analyze indexed_workflow`);
await database.execute(sql`analyze indexed_output`);
const fillSeconds = (performance.now() - filled) / 1000;

const pageWork = async () => {
  const started = performance.now();
  const [risk] = await Promise.all([readUserRisk(String(USER), THRESHOLDS), watchOnBehalf(USER, 'bench', 'opened')]);
  return { ms: performance.now() - started, risk };
};
const warm = await pageWork();
if (warm.risk.workflowCount !== workflows || warm.risk.outputCount !== workflows * 4) {
  throw new Error(`expected ${workflows} workflows, read ${warm.risk.workflowCount}`);
}
const times: number[] = [];
for (let i = 0; i < samples; i += 1) times.push((await pageWork()).ms);
const round = (value: number) => Math.round(value * 10) / 10;
console.log(
  JSON.stringify({
    benchmark: 'user-page-server-time',
    database: 'PGlite (in memory)',
    userWorkflows: workflows,
    otherWorkflows: others,
    outputs: (workflows + others) * 4,
    fillSeconds: round(fillSeconds),
    samples,
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(Math.max(...times)),
    riskiest: warm.risk.riskiest.length,
  }),
);
await closeDb();
