import type { Benchmark } from '../harness/context';
import { callsDuring } from '../harness/emulator';
import { figure, round } from '../harness/figures';
import { cycle, describeLoad, runLoad } from '../harness/load';

/**
 * With 10 % of upstream answers a 503, how many upstream calls does one logical read cost? Each console request
 * reads a job never read before (no cache, no single-flight), so every upstream call beyond one is a retry.
 */

const JOB_PATH = '^/v1/consumer/jobs/';
const LIMIT = 1.1;

export const retryAmplification: Benchmark = {
  id: 'retry',
  title: 'Retry amplification under 10 % injected 503',
  async run(ctx) {
    const jobs = ctx.inventory.takeJobs(ctx.sizes.retryReads);
    const paths = jobs.map((job) => `/api/jobs/${encodeURIComponent(job.jobId)}`);
    await ctx.emulator.setFaults([{ path: JOB_PATH, kind: 'status', status: 503, rate: 0.1 }]);
    try {
      const { result, calls } = await callsDuring(ctx.emulator, () =>
        runLoad({ origin: ctx.console.origin, connections: 20, amount: paths.length, headers: { cookie: ctx.cookie }, nextPath: cycle(paths) }),
      );
      const upstream = calls.filter((call) => new RegExp(JOB_PATH).test(call.path));
      const failedUpstream = upstream.filter((call) => call.status === 503).length;
      const ratio = upstream.length / result.requests;
      return [
        figure(
          'retry.callsPerRead',
          'Retry amplification: upstream calls per logical read',
          round(ratio, 3),
          'x',
          `${upstream.length} upstream calls (${failedUpstream} answered 503) for ${result.requests} distinct job reads; ${describeLoad(result)}`,
          { op: '<=', value: LIMIT },
        ),
        figure('retry.failedReads', 'Retry amplification: reads that failed after retries', result.errors, 'reads', `of ${result.requests}; a failed read shows an error row with a retry button`),
      ];
    } finally {
      await ctx.emulator.clearFaults();
    }
  },
};
