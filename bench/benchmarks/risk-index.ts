import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { DEMO_SERVICE_TOKEN } from '../../emulator/tokens';
import type { Mode, StandaloneBenchmark, StandaloneContext } from '../harness/context';
import { startBenchEmulator, type BenchEmulator } from '../harness/emulator';
import { figure, percentile } from '../harness/figures';
import { startIndexerProcess, type IndexerProcess } from '../harness/indexer-process';
import { scratchDatabase, type ScratchDatabase } from '../harness/postgres';

/**
 * The risk indexer, measured on its own: an emulator anchored to now (so its whole history is inside a window),
 * a PostgreSQL database of its own, and `npm run indexer` processes (scripts/indexer.ts) as a deployment runs them.
 */

const LATENCY = { fixedMs: 50, jitterMs: 0 };
const CAP = 8;
/** The emulator seeds 120 days of finished workflows: a window of 121 days holds all of them. */
const WINDOW_DAYS = '121';
const DAY_SLICES = '1440';

function indexerEnv(emulator: BenchEmulator, database: ScratchDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CIVITAI_API_URL: emulator.url,
    CIVITAI_API_TOKEN: DEMO_SERVICE_TOKEN,
    DATABASE_URL: database.url,
    UPSTREAM_CONCURRENCY: String(CAP),
    INDEX_BACKFILL_DAYS: WINDOW_DAYS,
    INDEX_RETENTION_DAYS: '130',
    INDEX_SLICE_MINUTES: DAY_SLICES,
    ...extra,
  };
}

/** Runs a benchmark body with its emulator and database, and always cleans both up (and any indexer left). */
async function withSetup<T>(
  ctx: StandaloneContext,
  emulatorOptions: { workflows: number; port: number; callback?: { url: string; secret: string } },
  body: (emulator: BenchEmulator, database: ScratchDatabase, indexers: IndexerProcess[]) => Promise<T>,
): Promise<T> {
  const database = await scratchDatabase('bench_risk');
  const indexers: IndexerProcess[] = [];
  let emulator: BenchEmulator | undefined;
  try {
    emulator = await startBenchEmulator({ seed: 42, latency: LATENCY, anchor: new Date().toISOString(), ...emulatorOptions });
    ctx.log(`  emulator on ${emulator.url} (${emulatorOptions.workflows} workflows, ${LATENCY.fixedMs} ms)`);
    return await body(emulator, database, indexers);
  } finally {
    await Promise.all(indexers.map((indexer) => indexer.stop()));
    await emulator?.stop();
    await database.drop();
  }
}

/** Polls until `condition` holds; a table the indexer has not migrated yet (42P01) counts as "not yet". */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const holds = () => condition().catch((error: { code?: string }) => (error.code === '42P01' ? false : Promise.reject(error)));
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Terminal workflows of the consumer list from `from` on, read straight from the emulator. */
async function terminalSince(emulator: BenchEmulator, from: string): Promise<Set<string>> {
  const terminal = new Set(['succeeded', 'failed', 'expired', 'canceled']);
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const url = new URL('/v2/consumer/workflows', emulator.url);
    url.searchParams.set('take', '100');
    url.searchParams.set('fromDate', from);
    if (cursor) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, { headers: { authorization: `Bearer ${DEMO_SERVICE_TOKEN}` } });
    const page = (await response.json()) as { items: { id: string; status: string }[]; next: string | null };
    for (const item of page.items) if (terminal.has(item.status)) ids.add(item.id);
    cursor = page.next;
  } while (cursor);
  return ids;
}

const sizes: Record<Mode, { backfillWorkflows: number; backfillSeconds: number; lagSamples: number; listWorkflows: number; twoWorkflows: number; killAfterMs: number }> = {
  // 86,000 seeded workflows hold about 30,000 of the integrator's, the ones its token lists.
  full: { backfillWorkflows: 86_000, backfillSeconds: 60, lagSamples: 6, listWorkflows: 250_000, twoWorkflows: 8_000, killAfterMs: 8_000 },
  smoke: { backfillWorkflows: 3_000, backfillSeconds: 8, lagSamples: 2, listWorkflows: 5_000, twoWorkflows: 1_500, killAfterMs: 2_500 },
};

export const riskBackfill: StandaloneBenchmark = {
  id: 'risk-backfill',
  title: 'Risk index backfill: upstream calls per second against the cap',
  standalone: true,
  async run(ctx) {
    const size = sizes[ctx.mode];
    return withSetup(ctx, { workflows: size.backfillWorkflows, port: ctx.ports[0]! }, async (emulator, database, indexers) => {
      const listed = (await terminalSince(emulator, new Date(Date.now() - 121 * 86_400_000).toISOString())).size;
      const indexer = startIndexerProcess(indexerEnv(emulator, database), ['--once']);
      indexers.push(indexer);
      await indexer.line(/started/);
      // From the first claimed slice (migrations and planning are start-up, not throughput) for a fixed time.
      await waitUntil(async () => (await database.sql`select count(*)::int as n from index_work where attempts > 0`)[0]!.n > 0, 60_000, 'a first claim');
      const callsBefore = await emulator.control<number>('callCount');
      const started = performance.now();
      // How many calls the emulator holds at once, sampled: below the indexer's share means the indexer left slots idle.
      const inFlight: number[] = [];
      const sampler = setInterval(() => void emulator.control<number>('inFlight').then((count) => inFlight.push(count)), 100);
      const finished = await Promise.race([indexer.exited().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), size.backfillSeconds * 1000))]);
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      const calls = (await emulator.control<number>('callCount')) - callsBefore;
      const [row] = await database.sql`select count(*)::int as workflows, (select count(*)::int from indexed_output) as outputs from indexed_workflow`;
      const perSecond = calls / seconds;
      const limit = CAP / (LATENCY.fixedMs / 1000);
      const fraction = perSecond / limit;
      const detail = `${calls} upstream calls in ${seconds.toFixed(1)} s = ${perSecond.toFixed(1)}/s; the cap allows ${limit}/s (${CAP} at ${LATENCY.fixedMs} ms); indexer share ${CAP - 1}, mean ${(inFlight.reduce((sum, count) => sum + count, 0) / Math.max(1, inFlight.length)).toFixed(1)} in flight at the emulator; ${row!.workflows} of ${listed} listed workflows (${row!.outputs} outputs) indexed ${finished ? '(backfill complete)' : `in the ${size.backfillSeconds} s measured`}; PostgreSQL; emulator, database and indexer share the machine (load average ${loadavg()[0]!.toFixed(1)})`;
      return [figure('risk.backfill.capFraction', `Backfill of ${listed} workflows, ${LATENCY.fixedMs} ms upstream, cap ${CAP}`, Number(fraction.toFixed(3)), '× cap/latency', detail, { op: '>=', value: 0.7 })];
    });
  },
};

export const riskFollowerLag: StandaloneBenchmark = {
  id: 'risk-follower',
  title: 'Risk index follower lag for a newly completed workflow',
  standalone: true,
  async run(ctx) {
    const size = sizes[ctx.mode];
    const hookPort = ctx.ports[2]!;
    const secret = randomBytes(24).toString('hex');
    const callback = { url: `http://127.0.0.1:${hookPort}/api/webhooks/orchestrator`, secret };
    return withSetup(ctx, { workflows: 2_000, port: ctx.ports[1]!, callback }, async (emulator, database, indexers) => {
      const lagOf = async (): Promise<number> => {
        const id = await emulator.control<string>('completeWorkflow', { risk: 'above' });
        const started = performance.now();
        await waitUntil(async () => (await database.sql`select 1 from indexed_workflow where id = ${id}`).length > 0, 30_000, `indexing ${id}`);
        return (performance.now() - started) / 1000;
      };
      const measure = async (args: string[]): Promise<number[]> => {
        const indexer = startIndexerProcess(indexerEnv(emulator, database, { INDEX_BACKFILL_DAYS: '1', INDEX_POLL_SECONDS: '5', ORCHESTRATOR_WEBHOOK_SECRET: secret }), args);
        indexers.push(indexer);
        await indexer.line(args.length ? /webhook on/ : /started/);
        // The first poll has run once the follower's unit records one.
        await waitUntil(async () => (await database.sql`select 1 from index_work where key = 'follower' and state->>'polledAt' is not null`).length > 0, 60_000, 'a first poll');
        const lags: number[] = [];
        for (let i = 0; i < size.lagSamples; i += 1) {
          lags.push(await lagOf());
          // Land the next completion at another point of the poll cycle.
          await new Promise((resolve) => setTimeout(resolve, 700 * (i + 1)));
        }
        await indexer.stop();
        return lags;
      };
      const polling = await measure([]);
      await database.sql`update index_work set state = jsonb_set(state, '{polledAt}', 'null') where key = 'follower'`;
      const callbacks = await measure(['--webhook-port', String(hookPort)]);
      const describe = (lags: number[]) => `${lags.length} workflows completed through the emulator's control call: ${lags.map((lag) => lag.toFixed(2)).join(', ')} s (p50 ${percentile(lags, 50).toFixed(2)} s)`;
      return [
        figure('risk.follower.pollingLagMax', 'Follower lag, polling every 5 s (worst)', Number(Math.max(...polling).toFixed(2)), 's', describe(polling), { op: '<=', value: 10 }),
        figure('risk.follower.callbackLagMax', 'Follower lag with callbacks (worst)', Number(Math.max(...callbacks).toFixed(2)), 's', describe(callbacks), { op: '<=', value: 2 }),
      ];
    });
  },
};

export const riskListQuery: StandaloneBenchmark = {
  id: 'risk-list',
  title: 'minRisk=above&sort=risk page of 50 from the index',
  standalone: true,
  async run(ctx) {
    const size = sizes[ctx.mode];
    const database = await scratchDatabase('bench_risk_list');
    try {
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'bench/benchmarks/risk-query-child.ts'], {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', BETTER_AUTH_SECRET: 'bench-only-secret-0123456789-0123456789', DATABASE_URL: database.url, BENCH_RISK_WORKFLOWS: String(size.listWorkflows), BENCH_RISK_SAMPLES: ctx.mode === 'smoke' ? '20' : '200' },
          stdio: ['ignore', 'pipe', 'inherit'] as ['ignore', 'pipe', 'inherit'],
        });
        let text = '';
        child.stdout!.on('data', (chunk: Buffer) => (text += chunk));
        child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`risk-query-child exited with ${code}`))));
      });
      const result = JSON.parse(output.trim().split('\n').pop()!) as { outputs: number; workflows: number; rows: number; fillSeconds: number; samples: number; p50: number; p99: number; nextP50: number };
      const detail = `listFromIndex (the function the route calls) on PostgreSQL, ${result.outputs} output rows / ${result.workflows} workflows (1 % above); ${result.samples} samples of a ${result.rows}-row page: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms; the next page by cursor p50 ${result.nextP50.toFixed(2)} ms; generated in ${result.fillSeconds.toFixed(0)} s`;
      return [figure('risk.list.aboveByRiskP50', `minRisk=above&sort=risk, ${result.outputs} output rows`, Number(result.p50.toFixed(2)), 'ms', detail, { op: '<=', value: 20 })];
    } finally {
      await database.drop();
    }
  },
};

export const riskTwoIndexers: StandaloneBenchmark = {
  id: 'risk-two-indexers',
  title: 'Two indexer instances on one PostgreSQL, one killed mid-backfill',
  standalone: true,
  async run(ctx) {
    const size = sizes[ctx.mode];
    return withSetup(ctx, { workflows: size.twoWorkflows, port: ctx.ports[3]! }, async (emulator, database, indexers) => {
      const env = indexerEnv(emulator, database, { INDEX_POLL_SECONDS: '1' });
      const [doomed, survivor] = [startIndexerProcess(env, ['--lease-seconds', '5']), startIndexerProcess(env, ['--lease-seconds', '5'])];
      indexers.push(doomed, survivor);
      await Promise.all([doomed.line(/started/), survivor.line(/started/)]);
      await new Promise((resolve) => setTimeout(resolve, size.killAfterMs));
      const [held] = await database.sql`select count(*)::int as n from index_work where kind = 'slice' and not done and holder is not null`;
      doomed.kill();
      const started = performance.now();
      await waitUntil(async () => {
        const [left] = await database.sql`select count(*)::int as n from index_work where kind = 'slice' and not done`;
        return left!.n === 0;
      }, 600_000, 'the end of the backfill');
      const seconds = (performance.now() - started) / 1000;
      const slices = await database.sql<{ key: string; attempts: number; indexed: number }[]>`select key, attempts, (state->>'indexed')::int as indexed from index_work where kind = 'slice'`;
      const windowStart = slices.map((slice) => slice.key.slice('slice:'.length)).sort()[0]!;
      const expected = await terminalSince(emulator, windowStart);
      const indexedRows = await database.sql<{ id: string }[]>`select id from indexed_workflow where created_at >= ${windowStart}::timestamptz`;
      const indexed = new Set(indexedRows.map((row) => row.id));
      const missing = [...expected].filter((id) => !indexed.has(id)).length;
      const counted = slices.reduce((sum, slice) => sum + slice.indexed, 0);
      const takenOver = slices.filter((slice) => slice.attempts > 1).length;
      const detail = `${slices.length} day slices, 2 indexer processes (lease 5 s), one killed with SIGKILL after ${size.killAfterMs / 1000} s holding ${held!.n} slices; the survivor finished ${seconds.toFixed(1)} s later; ${takenOver} slices taken over; ${expected.size} terminal workflows listed, ${missing} missing from the index, per-slice counts sum to ${counted} (a window done twice would count twice)`;
      const label = 'Workflows missing or counted twice after a kill';
      return [figure('risk.twoIndexers.missingOrDuplicated', label, missing + Math.abs(counted - expected.size), 'workflows', detail, { op: '==', value: 0 })];
    });
  },
};

export const RISK_BENCHMARKS = [riskBackfill, riskFollowerLag, riskListQuery, riskTwoIndexers];
