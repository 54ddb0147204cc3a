import autocannon from 'autocannon';
import { percentile } from './figures';

/**
 * One bounded autocannon run on loopback: by request count or by duration, never open-ended. Latencies are taken
 * per response from autocannon's own events (sub-millisecond), so a 1.05 ratio on a 50 ms upstream is resolvable.
 */

export interface LoadPlan {
  /** An http://127.0.0.1:<port> origin. */
  origin: string;
  connections: number;
  /** Either a number of requests or a duration in seconds. */
  amount?: number;
  seconds?: number;
  headers?: Record<string, string>;
  /** Called for every request to choose its path (distinct ids keep caches cold; a mix models reviewers). */
  nextPath: () => string;
  timeoutSeconds?: number;
  /** Also time non-2xx answers (a breaker's fail-fast 503s are the point of that measurement). */
  timeEveryStatus?: boolean;
}

export interface LoadResult {
  requests: number;
  /** Responses with a 2xx status. */
  ok: number;
  /** Non-2xx responses, connection errors and timeouts: what a reviewer would see as a failure. */
  errors: number;
  statuses: Record<string, number>;
  /** Milliseconds of every 2xx response (every response with timeEveryStatus). */
  latencies: number[];
  p50: number;
  p99: number;
  bytes: number;
  seconds: number;
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(plan.origin)) throw new Error(`load stays on loopback: ${plan.origin}`);
  if (!plan.amount === !plan.seconds) throw new Error('a load run is bounded by exactly one of amount or seconds');
  const latencies: number[] = [];
  const started = performance.now();
  const instance = autocannon({
    url: plan.origin,
    // autocannon refuses more connections than requests.
    connections: plan.amount ? Math.min(plan.connections, plan.amount) : plan.connections,
    ...(plan.amount ? { amount: plan.amount } : { duration: plan.seconds }),
    timeout: plan.timeoutSeconds ?? 30,
    // autocannon notices the end of a run only at a sampling tick (default every second).
    sampleInt: 100,
    headers: plan.headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: plan.nextPath() }) }],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (plan.timeEveryStatus || (status >= 200 && status < 300)) latencies.push(ms);
  });
  const result = await instance;
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const ok = Object.entries(statuses).reduce((sum, [code, count]) => (code.startsWith('2') ? sum + count : sum), 0);
  return {
    requests: result.requests.total,
    ok,
    errors: result.non2xx + result.errors + result.timeouts,
    statuses,
    latencies,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bytes: result.throughput.total,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Cycles through a list of paths: each call returns the next one, wrapping around. */
export function cycle(paths: readonly string[]): () => string {
  if (paths.length === 0) throw new Error('no paths to request');
  let index = 0;
  return () => paths[index++ % paths.length]!;
}

export function describeLoad(result: LoadResult): string {
  const codes = Object.entries(result.statuses)
    .map(([code, count]) => `${code}×${count}`)
    .join(' ');
  return `${result.requests} requests in ${result.seconds.toFixed(1)} s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${codes}`;
}
