import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from '@/lib/env-schema';
import type { Benchmark, BenchContext } from '../harness/context';
import { callsDuring } from '../harness/emulator';
import { figure, measured, NotAvailable, round, skipped, type Figure } from '../harness/figures';
import { runLoad, cycle, describeLoad, type LoadResult } from '../harness/load';
import { cpuMs } from '../harness/processes';
import { requestedPath, upstreamHeaders } from '../harness/upstream';

/**
 * Console latency against the emulator's own, at 20 concurrent clients, request for request: every console request
 * names a distinct id (no cache, no single-flight), the emulator's call log says which upstream requests it caused,
 * and exactly those requests are then sent straight to the emulator at the same concurrency.
 */

const CONNECTIONS = 20;
const P50_RATIO = 1.3;
const ADDED_P99_MS = 50;
/** A job the console already holds should cost barely more than one upstream read. */
const CACHED_P50_RATIO = 1.1;
const SINGLE_ADDED_MS = 3;
/** A concurrency cap no 20 clients can fill. */
const UNCAPPED = 32;
const FIXED_COST_REQUESTS = 300;

interface Side {
  console: LoadResult;
  /** CPU the console process used during its run, in ms. */
  consoleCpuMs?: number;
  direct: LoadResult;
  /** How the direct side was formed, for the table. */
  directNote: string;
}

function figuresFor(key: string, label: string, side: Side, ratioTarget = P50_RATIO): Figure[] {
  const ratio = side.console.p50 / side.direct.p50;
  const added = side.console.p99 - side.direct.p99;
  const detail = `console ${describeLoad(side.console)}; emulator ${describeLoad(side.direct)} (${side.directNote})`;
  const errors = side.console.errors;
  return [
    figure(`${key}.p50Ratio`, `${label}: p50 console / emulator`, round(ratio, 3), 'x', detail, { op: '<=', value: ratioTarget }),
    figure(`${key}.addedP99Ms`, `${label}: added p99`, round(added, 1), 'ms', `p99 console ${side.console.p99.toFixed(1)} ms − emulator ${side.direct.p99.toFixed(1)} ms`, { op: '<=', value: ADDED_P99_MS }),
    ...(side.consoleCpuMs === undefined
      ? []
      : [figure(`${key}.cpuMsPerRequest`, `${label}: console CPU per request`, round(side.consoleCpuMs / side.console.requests, 2), 'ms', `${Math.round(side.consoleCpuMs)} ms of user + system CPU for ${side.console.requests} requests (/proc/<pid>/stat)`)]),
    ...(errors > 0 ? [figure(`${key}.errors`, `${label}: console errors`, errors, 'errors', describeLoad(side.console), { op: '==', value: 0 })] : []),
  ];
}

/** Runs `measure` and adds the CPU the console process used meanwhile (ms). */
async function withConsoleCpu<T extends object>(ctx: BenchContext, measure: () => Promise<T>): Promise<T & { cpu: number }> {
  const before = cpuMs(ctx.console.pid);
  const measured = await measure();
  return { ...measured, cpu: cpuMs(ctx.console.pid) - before };
}

/** Sends the console paths, then replays the upstream calls they caused. */
async function oneToOne(ctx: BenchContext, consolePaths: string[], upstream: RegExp, connections = CONNECTIONS): Promise<Side> {
  // Warm the route (module load, first compile of its code paths) with requests outside the measured set.
  const [warm, measured] = [consolePaths.slice(0, CONNECTIONS), consolePaths.slice(CONNECTIONS)];
  await runLoad({ origin: ctx.console.origin, connections, amount: warm.length, headers: { cookie: ctx.cookie }, nextPath: cycle(warm) });
  const { result: consoleRun, calls, cpu: consoleCpuMs } = await withConsoleCpu(ctx, () =>
    callsDuring(ctx.emulator, () =>
      runLoad({ origin: ctx.console.origin, connections, amount: measured.length, headers: { cookie: ctx.cookie }, nextPath: cycle(measured) }),
    ),
  );
  if (consoleRun.ok === 0) throw new NotAvailable(`the console answered no request with 2xx (${describeLoad(consoleRun)})`);
  const replay = calls.filter((call) => upstream.test(call.path)).map(requestedPath);
  if (replay.length === 0) throw new Error(`the console made no upstream call matching ${upstream}`);
  const direct = await runLoad({
    origin: ctx.emulator.url,
    connections,
    amount: replay.length,
    headers: upstreamHeaders(ctx),
    nextPath: cycle(replay),
  });
  return { console: consoleRun, consoleCpuMs, direct, directNote: `the ${replay.length} upstream calls the console made, replayed` };
}

/**
 * Jobs the console already holds, at 20 clients, against reading the same jobs straight from the emulator: what a
 * reviewer going back and forth between jobs costs.
 */
async function cachedJobs(ctx: BenchContext, count: number): Promise<Side> {
  const jobs = ctx.inventory.takeJobs(CONNECTIONS);
  const paths = jobs.map((job) => `/api/jobs/${encodeURIComponent(job.jobId)}`);
  const headers = { cookie: ctx.cookie };
  const { calls } = await callsDuring(ctx.emulator, () => runLoad({ origin: ctx.console.origin, connections: 1, amount: paths.length, headers, nextPath: cycle(paths) }));
  const { result: consoleRun, cpu: consoleCpuMs } = await withConsoleCpu(ctx, async () => ({
    result: await runLoad({ origin: ctx.console.origin, connections: CONNECTIONS, amount: count, headers, nextPath: cycle(paths) }),
  }));
  if (consoleRun.ok === 0) throw new NotAvailable(`the job route answered no request with 2xx (${describeLoad(consoleRun)})`);
  const replay = calls.filter((call) => /^\/v1\/consumer\/jobs\//.test(call.path)).map(requestedPath);
  if (replay.length === 0) throw new Error('the console made no job read while warming');
  const direct = await runLoad({ origin: ctx.emulator.url, connections: CONNECTIONS, amount: count, headers: upstreamHeaders(ctx), nextPath: cycle(replay) });
  return { console: consoleRun, consoleCpuMs, direct, directNote: `the same ${replay.length} jobs read straight from the emulator` };
}

/** One reviewer alone: what the console adds to a list of 20 when nothing queues. */
async function singleConnection(ctx: BenchContext, listOffset: number): Promise<Figure[]> {
  const count = ctx.mode === 'smoke' ? 15 : 200;
  const anchor = String(ctx.scenarios.anchor);
  const paths = listPaths(anchor, listOffset, count + CONNECTIONS, 20);
  const side = await oneToOne(ctx, paths, /^\/v2\/consumer\/workflows$/, 1);
  const added = side.console.p50 - side.direct.p50;
  return [
    figure(
      'proxy.single.addedMs',
      'Added latency, one connection: list of 20',
      round(added, 2),
      'ms',
      `p50 console ${side.console.p50.toFixed(1)} ms − emulator ${side.direct.p50.toFixed(1)} ms over ${side.console.requests} distinct pages; console CPU ${(side.consoleCpuMs! / side.console.requests).toFixed(2)} ms per request`,
      { op: '<=', value: SINGLE_ADDED_MS },
    ),
  ];
}

/** Distinct list requests: each page ends at a different instant, so no two share an upstream call. */
function listPaths(anchor: string, first: number, count: number, take = 50): string[] {
  const end = Date.parse(anchor);
  return Array.from({ length: count }, (_, index) => `/api/workflows?take=${take}&to=${new Date(end - (first + index) * 60_000).toISOString()}`);
}

async function media(ctx: BenchContext, count: number): Promise<Side> {
  const refs = await ctx.inventory.tierZeroMedia(ctx, ctx.sizes.mediaRefs);
  if (refs.length < Math.min(5, ctx.sizes.mediaRefs)) throw new NotAvailable(`only ${refs.length} images a moderator may fetch without a reveal were found`);
  const paths = refs.map((ref) => `/api/media/${encodeURIComponent(ref.blobId)}?workflowId=${encodeURIComponent(ref.workflowId)}`);
  const headers = { cookie: ctx.cookie };
  // One pass first: the console resolves each blob's content location once and reuses it until it expires.
  await runLoad({ origin: ctx.console.origin, connections: CONNECTIONS, amount: refs.length, headers, nextPath: cycle(paths) });
  const consoleRun = await runLoad({ origin: ctx.console.origin, connections: CONNECTIONS, amount: count, headers, nextPath: cycle(paths) });
  if (consoleRun.ok === 0) throw new NotAvailable(`the media route answered no request with 2xx (${describeLoad(consoleRun)})`);
  // Straight to the upstream: the signed content location of each blob (what a client holding its URL fetches).
  const locations: string[] = [];
  for (const ref of refs) {
    const path = `/v2/consumer/blobs/${encodeURIComponent(ref.blobId)}?workflowId=${encodeURIComponent(ref.workflowId)}&hideMatureContent=false`;
    const response = await fetch(new URL(path, ctx.emulator.url), { headers: upstreamHeaders(ctx), redirect: 'manual' });
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (!location) throw new Error(`the emulator's blob endpoint sent no redirect for ${ref.blobId}`);
    const target = new URL(location, ctx.emulator.url);
    locations.push(target.pathname + target.search);
  }
  const direct = await runLoad({ origin: ctx.emulator.url, connections: CONNECTIONS, amount: count, nextPath: cycle(locations) });
  return { console: consoleRun, direct, directNote: `the signed content locations of the same ${refs.length} tier-0 images` };
}

/** List, job detail and media, each compared with the emulator; `pass` names the console's configuration. */
async function onePass(ctx: BenchContext, pass: { key: string; label: string; listOffset: number }): Promise<Figure[]> {
  const count = ctx.sizes.overheadRequests;
  const anchor = String(ctx.scenarios.anchor);
  const label = (route: string) => `Proxy overhead ${route}${pass.label}`;
  const list = await measured(`proxy.list${pass.key}`, label('list'), async () =>
    figuresFor(`proxy.list${pass.key}`, label('list'), await oneToOne(ctx, listPaths(anchor, pass.listOffset, count + CONNECTIONS), /^\/v2\/consumer\/workflows$/)),
  );
  const detail = await measured(`proxy.detail${pass.key}`, label('job detail'), async () => {
    const jobPaths = ctx.inventory.takeJobs(count + CONNECTIONS).map((job) => `/api/jobs/${encodeURIComponent(job.jobId)}`);
    return figuresFor(`proxy.detail${pass.key}`, label('job detail'), await oneToOne(ctx, jobPaths, /^\/v1\/consumer\/jobs\//));
  });
  const cached = await measured(`proxy.cachedJob${pass.key}`, label('cached job read'), async () =>
    figuresFor(`proxy.cachedJob${pass.key}`, label('cached job read'), await cachedJobs(ctx, count), CACHED_P50_RATIO),
  );
  const mediaFigures = await measured(`proxy.media${pass.key}`, label('media'), async () => figuresFor(`proxy.media${pass.key}`, label('media'), await media(ctx, count)));
  return [...list, ...detail, ...cached, ...mediaFigures];
}

/**
 * Where a console request's time goes when nothing waits on the upstream: one connection, a static file (Next's
 * floor), /api/health (adds the proxy middleware and a route), and a job already in the console's cache (adds the
 * session check and the route's work).
 */
async function fixedCosts(ctx: BenchContext): Promise<Figure[]> {
  const chunk = readdirSync(join(ctx.distDir, 'static', 'chunks')).find((name) => name.endsWith('.js'));
  const [job] = ctx.inventory.takeJobs(1);
  const cachedJob = `/api/jobs/${encodeURIComponent(job!.jobId)}`;
  const steps = [
    ['static', 'a static chunk', `/_next/static/chunks/${chunk}`],
    ['health', '/api/health', '/api/health'],
    ['cachedJob', 'a cached job read (signed in)', cachedJob],
  ] as const;
  const out: Figure[] = [];
  for (const [key, what, path] of steps) {
    const headers = { cookie: ctx.cookie };
    await runLoad({ origin: ctx.console.origin, connections: 1, amount: 20, headers, nextPath: cycle([path]) });
    const result = await runLoad({ origin: ctx.console.origin, connections: 1, amount: ctx.mode === 'smoke' ? 30 : FIXED_COST_REQUESTS, headers, nextPath: cycle([path]) });
    if (result.ok === 0) throw new Error(`${path.split('?')[0]} answered ${JSON.stringify(result.statuses)}`);
    out.push(figure(`proxy.fixedCost.${key}`, `Console time per request, one connection: ${what}`, round(result.p50, 2), 'ms', `p50 of ${result.requests}; p99 ${result.p99.toFixed(1)} ms; no upstream call`));
  }
  return out;
}

/**
 * Twice: as shipped (UPSTREAM_CONCURRENCY 8, so 20 clients queue for upstream slots by design), then with a cap above
 * the client count, which leaves only what the console itself adds.
 */
export const proxyOverhead: Benchmark = {
  id: 'proxy',
  title: 'Proxy overhead at 20 concurrent clients',
  async run(ctx) {
    const fixed = [...(await fixedCosts(ctx)), ...(await measured('proxy.single', 'Added latency, one connection', () => singleConnection(ctx, 3 * (ctx.sizes.overheadRequests + CONNECTIONS))))];
    const shipped = await onePass(ctx, { key: '', label: ` (cap ${parseEnv({}).UPSTREAM_CONCURRENCY}, as shipped)`, listOffset: 0 });
    // The second pass costs two restarts of the console; a smoke run leaves it out.
    if (ctx.mode === 'smoke') return [...fixed, ...shipped, skipped('proxy.uncapped', `Proxy overhead (cap ${UNCAPPED})`, 'needs two console restarts; full run only')];
    await ctx.restartConsole({ UPSTREAM_CONCURRENCY: String(UNCAPPED) });
    try {
      const uncapped = await onePass(ctx, { key: '.uncapped', label: ` (cap ${UNCAPPED})`, listOffset: ctx.sizes.overheadRequests + CONNECTIONS });
      return [...fixed, ...shipped, ...uncapped];
    } finally {
      await ctx.restartConsole();
    }
  },
};
