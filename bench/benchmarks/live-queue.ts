import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { E2E_CREDENTIALS } from '@/lib/auth/demo-users';
import { seedDemoUsers } from '../../scripts/demo-users';
import type { Benchmark, BenchContext } from '../harness/context';
import { startBenchEmulator } from '../harness/emulator';
import { figure, percentile, round, type Figure } from '../harness/figures';
import { newSecret, rssMb, startConsole, type ConsoleProcess } from '../harness/processes';
import { signIn } from '../harness/session';

/**
 * The live queue (issue 17): time from a workflow completing upstream to its item arriving on an open stream (with
 * the emulator's callbacks, and by the indexer's polling alone), and 50 streams held open while items keep coming
 * (no event lost, bounded memory). Its own emulator (callbacks to its own console) and console with the indexer on,
 * so the shared pair's call counts stay untouched.
 */

const SIZES = {
  full: { arrivals: 10, pollingArrivals: 3, streams: 50, holdSeconds: 60, heldItems: 20 },
  smoke: { arrivals: 2, pollingArrivals: 0, streams: 10, holdSeconds: 4, heldItems: 2 },
};
const SCOPE = 'preset=unreviewed-csam';

interface Stream {
  /** Item ids received, with when. */
  received: Map<string, number>;
  close(): void;
}

/** Opens one event stream and records every item id it delivers. */
async function openStream(origin: string, cookie: string): Promise<Stream> {
  const abort = new AbortController();
  const response = await fetch(`${origin}/api/live?${SCOPE}`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`/api/live answered ${response.status}`);
  const received = new Map<string, number>();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let opened!: () => void;
  const first = new Promise<void>((resolve) => (opened = resolve));
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) {
          if (frame.includes('event: counts')) opened();
          if (!frame.includes('event: items')) continue;
          const data = JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) as { items: { id: string }[] };
          for (const item of data.items) received.set(item.id, performance.now());
        }
      }
    } catch {
      // Closed by us.
    }
  })();
  await first;
  return { received, close: () => abort.abort() };
}

/** Completes one above-threshold workflow upstream; answers its id and when. */
async function completeAbove(ctx: { control<T>(method: string, ...args: unknown[]): Promise<T> }): Promise<{ id: string; at: number }> {
  const at = performance.now();
  return { id: await ctx.control<string>('completeWorkflow', { risk: 'above' }), at };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/** Arrival times (ms) of `count` items completed one after another on one open stream. */
async function arrivals(emulator: Parameters<typeof completeAbove>[0], consoleProcess: ConsoleProcess, cookie: string, count: number, timeoutMs: number) {
  const stream = await openStream(consoleProcess.origin, cookie);
  const samples: number[] = [];
  try {
    for (let n = 0; n < count; n++) {
      const { id, at } = await completeAbove(emulator);
      if (!(await waitFor(() => stream.received.has(id), timeoutMs))) throw new Error(`item ${id} did not arrive within ${timeoutMs} ms`);
      samples.push(stream.received.get(id)! - at);
    }
  } finally {
    stream.close();
  }
  return samples;
}

export const liveQueue: Benchmark = {
  id: 'live',
  title: 'Live queue: arrival on an open stream, 50 streams held',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const sizes = SIZES[ctx.mode];
    const [consolePort, emulatorPort] = ctx.sparePorts as [number, number];
    const webhookSecret = newSecret();
    const emulator = await startBenchEmulator({
      seed: 17,
      workflows: 500,
      latency: { fixedMs: 50, jitterMs: 10 },
      port: emulatorPort,
      callback: { url: `http://127.0.0.1:${consolePort}/api/webhooks/orchestrator`, secret: webhookSecret },
    });
    const workDir = mkdtempSync(join(os.tmpdir(), 'console-bench-live-'));
    const pgliteDir = join(workDir, 'pglite');
    const secret = newSecret();
    await seedDemoUsers('e2e', { PGLITE_DIR: pgliteDir, BETTER_AUTH_SECRET: secret });
    const settings = { ...ctx.consoleSettings, port: consolePort, upstreamUrl: emulator.url, database: { pgliteDir }, secret };
    const indexed = { INDEX_ENABLED: 'true', INDEX_BACKFILL_DAYS: '1', INDEX_POLL_SECONDS: '5' };
    let consoleProcess: ConsoleProcess | null = null;
    const figures: Figure[] = [];
    try {
      if (sizes.pollingArrivals) {
        // A secret the emulator does not know: its callbacks are refused, so only the indexer's follower finds news.
        consoleProcess = await startConsole({ ...settings, extraEnv: { ...indexed, ORCHESTRATOR_WEBHOOK_SECRET: newSecret() } });
        const cookie = await signIn(consoleProcess.origin, E2E_CREDENTIALS.moderator);
        const polled = await arrivals(emulator, consoleProcess, cookie, sizes.pollingArrivals, 30_000);
        figures.push(figure('live.arrival_polling_ms', 'Live arrival without callbacks (follower polling every 5 s), worst', round(Math.max(...polled)), 'ms', `${polled.length} items; p50 ${round(percentile(polled, 50))} ms`, { op: '<=', value: 12_000 }));
        await consoleProcess.stop();
      }
      consoleProcess = await startConsole({ ...settings, extraEnv: { ...indexed, ORCHESTRATOR_WEBHOOK_SECRET: webhookSecret } });
      const cookie = await signIn(consoleProcess.origin, E2E_CREDENTIALS.moderator);
      const fast = await arrivals(emulator, consoleProcess, cookie, sizes.arrivals, 10_000);
      figures.push(
        figure('live.arrival_callbacks_ms', 'Live arrival with callbacks, worst', round(Math.max(...fast)), 'ms', `${fast.length} items; p50 ${round(percentile(fast, 50))} ms`, { op: '<=', value: 5_000 }),
      );

      // Many streams at once: settle, measure, hold while items keep coming, measure again.
      const streams = await Promise.all(Array.from({ length: sizes.streams }, () => openStream(consoleProcess!.origin, cookie)));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const rssBefore = rssMb(consoleProcess.pid);
      const sent: string[] = [];
      const holdUntil = performance.now() + sizes.holdSeconds * 1000;
      const spacing = (sizes.holdSeconds * 1000) / (sizes.heldItems + 1);
      while (performance.now() < holdUntil) {
        if (sent.length < sizes.heldItems) sent.push((await completeAbove(emulator)).id);
        await new Promise((resolve) => setTimeout(resolve, Math.min(spacing, Math.max(0, holdUntil - performance.now()))));
      }
      await waitFor(() => streams.every((stream) => sent.every((id) => stream.received.has(id))), 10_000);
      const rssAfter = rssMb(consoleProcess.pid);
      const lost = streams.reduce((missing, stream) => missing + sent.filter((id) => !stream.received.has(id)).length, 0);
      streams.forEach((stream) => stream.close());
      figures.push(
        figure('live.streams_lost_events', `Events lost over ${sizes.streams} streams held ${sizes.holdSeconds} s`, lost, 'events', `${sent.length} items × ${sizes.streams} streams`, { op: '==', value: 0 }),
        figure('live.streams_rss_growth_mb', `Console RSS growth with ${sizes.streams} streams held ${sizes.holdSeconds} s`, round(rssAfter - rssBefore, 1), 'MB', `${round(rssBefore, 1)} → ${round(rssAfter, 1)} MB`, { op: '<=', value: 30 }),
      );
      return figures;
    } finally {
      await consoleProcess?.stop();
      await emulator.stop();
      rmSync(workDir, { recursive: true, force: true });
    }
  },
};
