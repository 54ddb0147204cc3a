import type { Benchmark, BenchContext } from '../harness/context';
import { callsDuring, type CallRecord } from '../harness/emulator';
import { figure, NotAvailable, percentile, round } from '../harness/figures';
import { requestedPath, upstreamHeaders } from '../harness/upstream';

/**
 * Opening a workflow of 24 jobs: the console's drill-down (the workflow, then every job's scan evidence and every
 * blob's probe, in parallel under its caps), cold and warm, against the same upstream calls made one after another
 * as Civitai's orchestration command-line client makes them (`workflow <id>`, then `job <id>` for each job).
 */

const COLD_SPEEDUP = 6;

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function readDrillDown(ctx: BenchContext, workflowId: string): Promise<void> {
  const response = await fetch(`${ctx.console.origin}/api/workflows/${encodeURIComponent(workflowId)}`, { headers: { cookie: ctx.cookie } });
  const text = await response.text();
  if (response.status === 404 && !text.includes('"kind"')) throw new NotAvailable('GET /api/workflows/[id] does not exist in this build');
  if (!response.ok) throw new Error(`GET /api/workflows/[id] answered ${response.status}: ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { partial?: boolean };
  if (body.partial) throw new Error('the drill-down came back partial on a healthy emulator');
}

/** The same calls, one after another, each read to the end: the command-line client's way. */
async function sequentialReplay(ctx: BenchContext, calls: CallRecord[]): Promise<number> {
  return timed(async () => {
    for (const call of calls) {
      const response = await fetch(new URL(requestedPath(call), ctx.emulator.url), { headers: upstreamHeaders(ctx), redirect: 'manual' });
      await response.arrayBuffer();
    }
  });
}

export const drillDown: Benchmark = {
  id: 'drilldown',
  title: 'Workflow drill-down of 24 jobs',
  async run(ctx) {
    const scenario = ctx.scenarios.drillDown24 as { workflowId: string; jobCount: number } | undefined;
    if (!scenario) throw new NotAvailable('the emulator publishes no drillDown24 scenario');
    const repeats = ctx.sizes.drillDownRepeats;

    let coldMs = 0;
    const { calls } = await callsDuring(ctx.emulator, async () => {
      coldMs = await timed(() => readDrillDown(ctx, scenario.workflowId));
    });
    // The page's gates come from the read model the drill-down just stored in the risk index: no upstream call.
    let gatesMs = 0;
    const gates = await callsDuring(ctx.emulator, async () => {
      gatesMs = await timed(async () => {
        const response = await fetch(`${ctx.console.origin}/api/media/gates?workflowId=${encodeURIComponent(scenario.workflowId)}`, { headers: { cookie: ctx.cookie } });
        if (!response.ok) throw new Error(`GET /api/media/gates answered ${response.status}`);
        await response.arrayBuffer();
      });
    });
    const warm: number[] = [];
    for (let index = 0; index < repeats; index += 1) warm.push(await timed(() => readDrillDown(ctx, scenario.workflowId)));
    const sequential: number[] = [];
    for (let index = 0; index < Math.max(1, Math.ceil(repeats / 5)); index += 1) sequential.push(await sequentialReplay(ctx, calls));

    // The command-line client's `workflow` and `job` commands alone (it has no blob probe): less data, fewer calls.
    const cliCalls = calls.filter((call) => !call.path.startsWith('/v2/consumer/blobs/'));
    const cliOnly = await sequentialReplay(ctx, cliCalls);

    const warmP50 = percentile(warm, 50);
    const sequentialP50 = percentile(sequential, 50);
    const jobCalls = calls.filter((call) => call.path.startsWith('/v1/consumer/jobs/')).length;
    const blobCalls = calls.filter((call) => call.path.startsWith('/v2/consumer/blobs/')).length;
    const basis = `${scenario.jobCount} jobs; ${calls.length} upstream calls (1 workflow + ${jobCalls} jobs + ${blobCalls} blob probes)`;
    return [
      figure('drilldown.coldMs', 'Drill-down 24 jobs: console cold', round(coldMs, 0), 'ms', `first read after start; ${basis}`),
      figure('drilldown.warmMs', 'Drill-down 24 jobs: console warm p50', round(warmP50, 1), 'ms', `${repeats} reads within the cache lifetime`),
      figure('drilldown.sequentialMs', 'Drill-down 24 jobs: sequential reads', round(sequentialP50, 0), 'ms', `the same ${calls.length} calls one after another, p50 of ${sequential.length}`),
      figure('drilldown.coldSpeedup', 'Drill-down 24 jobs: sequential / console cold', round(sequentialP50 / coldMs, 1), 'x', basis, { op: '>=', value: COLD_SPEEDUP }),
      figure('drilldown.cliSpeedup', 'Drill-down 24 jobs: workflow + jobs only, sequential / console cold', round(cliOnly / coldMs, 2), 'x', `${cliCalls.length} calls one after another (${round(cliOnly, 0)} ms), without the blob probes the console adds`),
      figure('drilldown.warmSpeedup', 'Drill-down 24 jobs: sequential / console warm', round(sequentialP50 / warmP50, 1), 'x', 'served from the console’s cache'),
      figure('drilldown.gatesUpstreamCalls', 'Gates of the 24-output page after its drill-down: upstream calls', gates.calls.length, 'calls', `GET /api/media/gates right after the page's read (${round(gatesMs, 0)} ms), answered from the risk index`, { op: '<=', value: 0 }),
      figure('drilldown.upstreamCalls', 'Drill-down 24 jobs: upstream calls (fan-out)', calls.length, 'calls', basis),
    ];
  },
};
