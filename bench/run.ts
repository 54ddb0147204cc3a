/**
 * npm run bench: build the console for production, start the emulator (fixed latency) and `next start` against it,
 * sign in a demo moderator, run every benchmark, print the table, write bench/results.json and docs/PERFORMANCE.md.
 *
 *   tsx bench/run.ts [--smoke] [--no-build] [--dist .next-bench] [--only proxy,drilldown] [--reviewers-seconds 60]
 *
 * --smoke: the same harness with tiny runs (about 10 s of load), for CI; writes test-results/bench-smoke.json and
 * leaves the committed figures alone. Exit code 1 only when the harness itself breaks; a missed target or a feature
 * that is not there yet is a row in the table.
 */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { E2E_CREDENTIALS } from '@/lib/auth/demo-users';
import { DEMO_SERVICE_TOKEN } from '../emulator/tokens';
import { seedDemoUsers } from '../scripts/demo-users';
import { breaker } from './benchmarks/breaker';
import { bundleSize } from './benchmarks/bundle-size';
import { domRows } from './benchmarks/dom-rows';
import { drillDown } from './benchmarks/drill-down';
import { liveQueue } from './benchmarks/live-queue';
import { pageTimings } from './benchmarks/page-timings';
import { previewBytes } from './benchmarks/preview-bytes';
import { proxyOverhead } from './benchmarks/proxy-overhead';
import { retryAmplification } from './benchmarks/retry-amplification';
import { reviewers } from './benchmarks/reviewers';
import { RISK_BENCHMARKS } from './benchmarks/risk-index';
import { statusFilter } from './benchmarks/status-filter';
import { twoInstances } from './benchmarks/two-instances';
import { videoRss } from './benchmarks/video-rss';
import type { Benchmark, BenchContext, Mode, RunSizes, StandaloneBenchmark, StandaloneContext } from './harness/context';
import { startBenchEmulator, type BenchEmulator } from './harness/emulator';
import { failed, NotAvailable, unavailable, type BenchmarkResult } from './harness/figures';
import { Inventory } from './harness/inventory';
import { buildConsole, hasBuild, newSecret, startConsole, type ConsoleProcess, type ConsoleSettings } from './harness/processes';
import { handWrittenPart, machine, mergeReports, performanceMarkdown, summary, textTable, writeResults, type RunReport } from './harness/report';
import { signIn } from './harness/session';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    dist: { type: 'string', default: '.next-bench' },
    only: { type: 'string' },
    'reviewers-seconds': { type: 'string' },
    'console-port': { type: 'string', default: process.env.BENCH_CONSOLE_PORT ?? '3700' },
    'emulator-port': { type: 'string', default: process.env.BENCH_EMULATOR_PORT ?? '4700' },
  },
});

const mode: Mode = args.smoke ? 'smoke' : 'full';
const SIZES: Record<Mode, RunSizes> = {
  full: { overheadRequests: 1000, mediaRefs: 40, drillDownRepeats: 10, reviewersSeconds: 60, twoInstanceSeconds: 30, domRowsLoaded: 10_000, retryReads: 1000, breakerOpenSeconds: 2 },
  smoke: { overheadRequests: 40, mediaRefs: 6, drillDownRepeats: 3, reviewersSeconds: 3, twoInstanceSeconds: 2, domRowsLoaded: 200, retryReads: 60, breakerOpenSeconds: 1 },
};
const sizes: RunSizes = {
  ...SIZES[mode],
  ...(args['reviewers-seconds'] ? { reviewersSeconds: Number(args['reviewers-seconds']) } : {}),
};
// 30,000 seeded workflows hold about 10,000 of the integrator's, the most the DOM-rows benchmark loads.
const WORKFLOWS = mode === 'smoke' ? 2_000 : 30_000;
const LATENCY = { fixedMs: 50, jitterMs: 10 };

// The order matters: the breaker runs last (a smoke run leaves it open), memory before it, load after the cold reads.
// The risk indexer's benchmarks bring their own emulator and database (standalone): with only them selected, no
// console is built or started.
const BENCHMARKS: (Benchmark | StandaloneBenchmark)[] = [
  bundleSize, pageTimings, statusFilter, drillDown, proxyOverhead, previewBytes, retryAmplification, reviewers, domRows, twoInstances, videoRss,
  ...RISK_BENCHMARKS, liveQueue, breaker,
];
const selected = args.only ? BENCHMARKS.filter((bench) => args.only!.split(',').includes(bench.id)) : BENCHMARKS;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const since = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

// Whatever the caller's shell holds, the console under test gets only what the harness gives it.
for (const name of ['CIVITAI_API_TOKEN', 'CIVITAI_API_URL', 'DATABASE_URL', 'PGLITE_DIR', 'NODE_ENV']) delete process.env[name];

const standaloneContext: StandaloneContext = {
  mode,
  ports: Array.from({ length: 6 }, (_, offset) => Number(args['console-port']) + 10 + offset),
  log,
};

async function runOne(bench: Benchmark | StandaloneBenchmark, ctx: BenchContext | null): Promise<{ result: BenchmarkResult; broken: boolean }> {
  const started = performance.now();
  log(`${bench.id}: ${bench.title}`);
  let broken = false;
  let figures;
  try {
    if ('standalone' in bench) {
      figures = await bench.run(standaloneContext);
    } else {
      if (!ctx) throw new Error('no console was started');
      // Each benchmark counts only its own upstream calls, and reading a short call log stays cheap.
      await ctx.emulator.control('clearCalls');
      figures = await bench.run(ctx);
    }
  } catch (error) {
    if (error instanceof NotAvailable) {
      figures = [unavailable(bench.id, bench.title, error.message)];
    } else {
      broken = true;
      log(`${bench.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      figures = [failed(bench.id, bench.title, error instanceof Error ? error.message.split('\n')[0]! : String(error))];
    }
  }
  return { result: { id: bench.id, title: bench.title, figures, seconds: (performance.now() - started) / 1000 }, broken };
}

/** The console (production build) and the shared emulator every console benchmark uses; `running` is for cleanup. */
async function startShared(distDir: string, workDir: string, running: { emulator?: BenchEmulator; console?: ConsoleProcess }): Promise<BenchContext> {
  const setupStarted = performance.now();
  const emulator = (running.emulator = await startBenchEmulator({ seed: 42, workflows: WORKFLOWS, latency: LATENCY, port: Number(args['emulator-port']) }));
  log(`emulator on ${emulator.url} (${WORKFLOWS} workflows, ${LATENCY.fixedMs} ± ${LATENCY.jitterMs} ms)`);
  const secret = newSecret();
  const pgliteDir = join(workDir, 'pglite');
  const settings: ConsoleSettings = {
    port: Number(args['console-port']),
    distDir,
    upstreamUrl: emulator.url,
    upstreamToken: DEMO_SERVICE_TOKEN,
    database: { pgliteDir },
    secret,
  };
  await seedDemoUsers('e2e', { PGLITE_DIR: pgliteDir, BETTER_AUTH_SECRET: secret });
  log(`demo users seeded (${since(setupStarted)})`);
  const consoleProcess = (running.console = await startConsole(settings));
  log(`console on ${consoleProcess.origin}, pid ${consoleProcess.pid} (${since(setupStarted)})`);
  const cookie = await signIn(consoleProcess.origin, E2E_CREDENTIALS.moderator);
  const scenarios = await emulator.control<Record<string, unknown>>('scenarios');
  const inventory = await Inventory.read({ emulator, upstreamToken: DEMO_SERVICE_TOKEN }, mode === 'smoke' ? 8 : 60);
  const ctx: BenchContext = {
    mode,
    sizes,
    distDir,
    emulator,
    upstreamToken: DEMO_SERVICE_TOKEN,
    console: consoleProcess,
    consoleSettings: settings,
    cookie,
    scenarios,
    sparePorts: [1, 2, 3].map((offset) => settings.port + offset),
    inventory,
    async restartConsole(extraEnv) {
      await ctx.console.stop();
      running.console = ctx.console = await startConsole({ ...settings, extraEnv });
    },
    log,
  };
  log(`ready in ${since(setupStarted)}: ${inventory.workflows.length} workflows, ${inventory.jobsLeft} finished jobs in the inventory`);
  return ctx;
}

async function main(): Promise<number> {
  const started = performance.now();
  const distDir = args.dist;
  const needsConsole = selected.some((bench) => !('standalone' in bench));
  if (!needsConsole) {
    log('only standalone benchmarks selected: no console build');
  } else if (!args['no-build']) {
    log(`building the console into ${distDir}`);
    await buildConsole(distDir);
  } else if (!hasBuild(distDir)) {
    throw new Error(`no production build in ${distDir}: run without --no-build, or build with NEXT_DIST_DIR=${distDir} npx next build`);
  }

  const workDir = mkdtempSync(join(os.tmpdir(), 'console-bench-'));
  // The shared emulator and the running console (replaced when a benchmark restarts it), stopped at the end.
  const running: { emulator?: BenchEmulator; console?: ConsoleProcess } = {};
  try {
    const ctx = needsConsole ? await startShared(distDir, workDir, running) : null;

    const results: BenchmarkResult[] = [];
    let broken = false;
    for (const bench of selected) {
      const outcome = await runOne(bench, ctx);
      results.push(outcome.result);
      broken ||= outcome.broken;
    }

    const report: RunReport = {
      date: new Date().toISOString(),
      mode,
      command: `tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
      machine: machine(),
      settings: {
        'upstream latency': `${LATENCY.fixedMs} ms ± ${LATENCY.jitterMs} ms`,
        'seeded workflows': WORKFLOWS,
        'console build': distDir,
        'database (single instance)': 'PGlite',
        'reviewers duration': `${sizes.reviewersSeconds} s`,
        'total time': `${Math.round((performance.now() - started) / 1000)} s`,
      },
      benchmarks: results,
    };
    process.stdout.write(`\n${textTable(report)}\n\n`);
    const totals = summary(report);
    process.stdout.write(`targets met ${totals.met}, missed ${totals.missed.length}, not available ${totals.unavailable.length}, harness errors ${totals.errors.length}\n`);
    if (mode === 'smoke') {
      mkdirSync('test-results', { recursive: true });
      writeResults(join('test-results', 'bench-smoke.json'), report);
    } else {
      const resultsPath = join('bench', 'results.json');
      const merged = args.only && existsSync(resultsPath) ? mergeReports(JSON.parse(readFileSync(resultsPath, 'utf8')) as RunReport, report) : mergeReports(null, report);
      writeResults(resultsPath, merged);
      const performancePath = join('docs', 'PERFORMANCE.md');
      const existing = existsSync(performancePath) ? readFileSync(performancePath, 'utf8') : null;
      writeFileSync(performancePath, performanceMarkdown(merged, handWrittenPart(existing)));
    }
    return broken ? 1 : 0;
  } finally {
    await running.console?.stop();
    await running.emulator?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
