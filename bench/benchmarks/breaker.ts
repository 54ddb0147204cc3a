import type { Benchmark, BenchContext } from '../harness/context';
import { callsDuring } from '../harness/emulator';
import { figure, round, skipped, type Figure } from '../harness/figures';
import type { JobRef } from '../harness/inventory';
import { cycle, describeLoad, runLoad, type LoadResult } from '../harness/load';

/**
 * The circuit breaker against an upstream that answers 500 to everything: how soon it opens, how fast and how
 * quietly (no upstream calls) the console answers while it is open, and whether the first healthy probe after the
 * reset timeout closes it again.
 */

const JOB_PATH = '^/v1/consumer/jobs/';
const FAIL_FAST_MS = 50;
const MAX_OPENING_REQUESTS = 60;
const RECOVERY_LIMIT_MS = 40_000;
const POLL_MS = 200;

interface Probe {
  status: number;
  ms: number;
  upstreamCalls: number;
}

async function oneRead(ctx: BenchContext, job: JobRef): Promise<Probe> {
  const started = performance.now();
  const { result: status, calls } = await callsDuring(ctx.emulator, async () => {
    const response = await fetch(`${ctx.console.origin}/api/jobs/${encodeURIComponent(job.jobId)}`, { headers: { cookie: ctx.cookie } });
    await response.arrayBuffer();
    return response.status;
  });
  return { status, ms: performance.now() - started, upstreamCalls: calls.filter((call) => new RegExp(JOB_PATH).test(call.path)).length };
}

async function untilOpen(ctx: BenchContext, jobs: JobRef[]): Promise<{ ms: number; requests: number; failedCalls: number }> {
  const started = performance.now();
  let failedCalls = 0;
  for (let index = 0; index < MAX_OPENING_REQUESTS; index += 1) {
    const probe = await oneRead(ctx, jobs[index]!);
    failedCalls += probe.upstreamCalls;
    if (probe.upstreamCalls === 0 && probe.status >= 500) return { ms: performance.now() - started, requests: index + 1, failedCalls };
  }
  throw new Error(`the breaker did not open within ${MAX_OPENING_REQUESTS} requests against 100 % upstream 500s`);
}

/** Polls until a read reaches the upstream again (the half-open probe); returns that read and the wait. */
async function untilProbe(ctx: BenchContext, jobs: JobRef[]): Promise<{ probe: Probe; waitedMs: number; nextStatus: number }> {
  const started = performance.now();
  let index = 0;
  while (performance.now() - started < RECOVERY_LIMIT_MS) {
    const probe = await oneRead(ctx, jobs[index++ % jobs.length]!);
    if (probe.upstreamCalls > 0) {
      const next = await oneRead(ctx, jobs[index % jobs.length]!);
      return { probe, waitedMs: performance.now() - started, nextStatus: next.status };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`no request reached the upstream within ${RECOVERY_LIMIT_MS / 1000} s of the fault clearing`);
}

export const breaker: Benchmark = {
  id: 'breaker',
  title: 'Circuit breaker',
  async run(ctx) {
    const opening = ctx.inventory.takeJobs(MAX_OPENING_REQUESTS);
    const whileOpen = ctx.inventory.takeJobs(200);
    const recovery = ctx.inventory.takeJobs(10);
    await ctx.emulator.setFaults([{ path: JOB_PATH, kind: 'status', status: 500 }]);
    let opened: Awaited<ReturnType<typeof untilOpen>>;
    let single: LoadResult;
    let open: LoadResult;
    let openCalls: number;
    try {
      opened = await untilOpen(ctx, opening);
      const paths = whileOpen.map((job) => `/api/jobs/${encodeURIComponent(job.jobId)}`);
      const headers = { cookie: ctx.cookie };
      const during = await callsDuring(ctx.emulator, async () => {
        // One reader alone shows the breaker's own answer time; 20 at once add the console's queueing for CPU.
        single = await runLoad({ origin: ctx.console.origin, connections: 1, amount: ctx.mode === 'smoke' ? 50 : 200, headers, nextPath: cycle(paths), timeEveryStatus: true });
        return runLoad({ origin: ctx.console.origin, connections: 20, seconds: ctx.sizes.breakerOpenSeconds, headers, nextPath: cycle(paths), timeEveryStatus: true });
      });
      open = during.result;
      openCalls = during.calls.filter((call) => new RegExp(JOB_PATH).test(call.path)).length;
    } finally {
      await ctx.emulator.clearFaults();
    }
    const figures: Figure[] = [
      figure('breaker.openMs', 'Breaker: time to open', round(opened.ms, 0), 'ms', `${opened.requests} reads, ${opened.failedCalls} upstream 500s before the first fail-fast answer`, { op: '<', value: 30_000 }),
      figure('breaker.failFastP99Ms', 'Breaker: fail-fast p99 while open, one reader', round(single!.p99, 1), 'ms', `p50 ${single!.p50.toFixed(1)} ms; ${describeLoad(single!)}`, { op: '<', value: FAIL_FAST_MS }),
      figure('breaker.failFastP99Ms20', 'Breaker: fail-fast p99 while open, 20 readers', round(open.p99, 1), 'ms', `p50 ${open.p50.toFixed(1)} ms; ${describeLoad(open)}`, { op: '<', value: FAIL_FAST_MS }),
      figure('breaker.openUpstreamCalls', 'Breaker: upstream calls while open', openCalls, 'calls', `during ${open.requests + single!.requests} console reads`, { op: '==', value: 0 }),
    ];
    if (ctx.mode === 'smoke') return [...figures, skipped('breaker.recovery', 'Breaker: recovery on the first healthy probe', 'waits out the reset timeout; full run only')];
    const recovered = await untilProbe(ctx, recovery);
    const firstProbeOk = recovered.probe.status === 200 && recovered.probe.upstreamCalls === 1 && recovered.nextStatus === 200;
    return [
      ...figures,
      figure(
        'breaker.recoveryProbes',
        'Breaker: probes until recovered',
        firstProbeOk ? 1 : 0,
        'probes',
        `first read to reach the upstream after ${round(recovered.waitedMs / 1000, 1)} s answered ${recovered.probe.status} with ${recovered.probe.upstreamCalls} upstream call(s); the next read ${recovered.nextStatus} (0 = not recovered by the first probe)`,
        { op: '==', value: 1 },
      ),
    ];
  },
};
