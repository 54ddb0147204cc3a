/**
 * Child of the risk-list benchmark (run with the react-server condition, like the console's server code): fills the
 * index of DATABASE_URL with BENCH_RISK_WORKFLOWS workflows of four outputs each (SQL generate_series), then times
 * the function GET /api/workflows?minRisk=above&sort=risk calls. Prints one JSON line.
 */
import { sql } from 'drizzle-orm';
import { closeDb, db } from '@/lib/db/client';
import { WorkflowListQuerySchema } from '@/lib/orchestrator/list-query';
import { listFromIndex } from '@/lib/risk-index/list';
import { percentile } from '../harness/figures';

const workflows = Number(process.env.BENCH_RISK_WORKFLOWS ?? 250_000);
const samples = Number(process.env.BENCH_RISK_SAMPLES ?? 200);
const THRESHOLDS = { near: 10, above: 50 };

const database = await db();
const filled = performance.now();
// About 1 % above, 5 % near, 1 % with an unreadable output, the rest below; ten seconds apart, newest first.
await database.execute(sql`
  insert into indexed_workflow (id, owner_id, end_user, tags, metadata_text, status, created_at, completed_at, output_count,
                                worst_csam, unreadable_outputs, indexed_at, source)
  select 'bench-' || g, 1000 + g % 5000, (g % 997)::text, array['gen', 'user:' || (g % 997)], 'a prompt number ' || g,
         case when g % 10 = 0 then 'failed' else 'succeeded' end,
         now() - g * interval '10 seconds', now() - g * interval '10 seconds' + interval '5 seconds', 4,
         case when g % 97 = 0 then null
              when g % 100 = 0 then 50 + (g % 4900) / 100.0
              when g % 20 = 0 then 10 + (g % 4000) / 100.0
              else (g % 1000) / 100.0 end,
         case when g % 97 = 0 then 1 else 0 end, now(), 'backfill'
    from generate_series(1, ${workflows}) g`);
await database.execute(sql`
  insert into indexed_output (blob_id, workflow_id, job_id, step_name, ordinal, position, media_type, available, nsfw_level,
                              scan_read, csam_percent, csam_readable, created_at, indexed_at)
  select w.id || '-' || k, w.id, w.id || '-job', '$0', k, k, 'image', 'true', 'pg',
         w.worst_csam is not null, case when k = 0 then w.worst_csam else w.worst_csam / (k + 1) end, w.worst_csam is not null,
         w.created_at, now()
    from indexed_workflow w, generate_series(0, 3) k`);
await database.execute(sql`analyze indexed_workflow`);
await database.execute(sql`analyze indexed_output`);
const fillSeconds = (performance.now() - filled) / 1000;

const first = WorkflowListQuerySchema.parse({ minRisk: 'above', sort: 'risk', take: '50' });
const timed = async (request: typeof first) => {
  const started = performance.now();
  const page = await listFromIndex(request, THRESHOLDS);
  return { ms: performance.now() - started, page };
};
for (let i = 0; i < 5; i += 1) await timed(first);
const firstPage: number[] = [];
const nextPage: number[] = [];
let rows = 0;
let cursor: string | null = null;
for (let i = 0; i < samples; i += 1) {
  const { ms, page } = await timed(first);
  firstPage.push(ms);
  rows = page.items.length;
  cursor = page.next;
}
const second = WorkflowListQuerySchema.parse({ minRisk: 'above', sort: 'risk', take: '50', cursor: cursor ?? undefined });
for (let i = 0; i < samples; i += 1) nextPage.push((await timed(second)).ms);
const [counts] = (await database.execute(sql`select (select count(*) from indexed_output)::int as outputs, (select count(*) from indexed_workflow)::int as workflows`)) as unknown as {
  outputs: number;
  workflows: number;
}[];
await closeDb();
console.log(
  JSON.stringify({
    outputs: counts!.outputs,
    workflows: counts!.workflows,
    rows,
    fillSeconds,
    samples,
    p50: percentile(firstPage, 50),
    p99: percentile(firstPage, 99),
    nextP50: percentile(nextPage, 50),
  }),
);
