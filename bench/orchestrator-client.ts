/**
 * The orchestrator client on its own, without Next or HTTP in front: the 24-job drill-down (cold, warm, and the same
 * upstream calls made one after another as Civitai's orchestration CLI makes them) and the upstream calls a
 * status-filtered page of 50 costs. The emulator runs in a child process (as in bench/run.ts) with 50 ms added to
 * every call.
 *
 *   npx tsx --conditions=react-server bench/orchestrator-client.ts [emulator port, default 4300]
 *
 * (`react-server` lets lib/'s `import 'server-only'` load outside Next.) bench/run.ts measures the same through the
 * built console; this isolates what the client itself does.
 */
import type { Scenarios } from '../emulator/index';
import { createOrchestratorClient, type OrchestratorClient } from '../lib/orchestrator/client';
import { createCursorCodec } from '../lib/orchestrator/cursor';
import { getWorkflowDrillDown } from '../lib/orchestrator/drilldown';
import { listWorkflows } from '../lib/orchestrator/workflows';
import { startBenchEmulator } from './harness/emulator';

const LATENCY_MS = 50;
const RUNS = 9;

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function main() {
  const emulator = await startBenchEmulator({
    seed: 42,
    workflows: 6_000,
    latency: { fixedMs: 0 },
    port: Number(process.argv[2] ?? 4300),
  });
  const scenarios = await emulator.control<Scenarios>('scenarios');
  const token = scenarios.tokens.service;
  const newClient = (): OrchestratorClient => createOrchestratorClient({ baseUrl: emulator.url, token, log: () => {} });
  const workflowId = scenarios.drillDown24.workflowId;
  // Warm the emulator's own caches (it builds each workflow model on first read) before anything is measured.
  await getWorkflowDrillDown(newClient(), workflowId, {});
  await emulator.setLatency({ fixedMs: LATENCY_MS });

  await emulator.control('clearCalls');
  const cold = [];
  for (let run = 0; run < RUNS; run += 1) cold.push(await timed(() => getWorkflowDrillDown(newClient(), workflowId, {})));
  const logged = await emulator.calls();
  const calls = logged.slice(0, logged.length / RUNS);

  const warmClient = newClient();
  await getWorkflowDrillDown(warmClient, workflowId, {});
  const warm = [];
  for (let run = 0; run < RUNS; run += 1) warm.push(await timed(() => getWorkflowDrillDown(warmClient, workflowId, {})));

  // The CLI's way: each call awaited before the next one starts, every body read to the end.
  const sequential = [];
  for (let run = 0; run < 5; run += 1) {
    sequential.push(
      await timed(async () => {
        for (const call of calls) {
          const url = `${emulator.url}${call.path}${call.query ? `?${call.query}` : ''}`;
          const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
          await response.arrayBuffer();
        }
      }),
    );
  }

  const { statusMix } = scenarios;
  const failed = statusMix.byStatus.failed ?? 0;
  const codec = createCursorCodec('bench-secret-bench-secret-bench-secret-1');
  const pagingClient = newClient();
  const search = { userId: null, tags: [statusMix.tag], q: null, from: null, to: null, status: 'failed' as const, excludeFailed: false, order: 'newest' as const };
  const perPage: number[] = [];
  const served: number[] = [];
  let cursor: string | null = null;
  do {
    const page = await listWorkflows(pagingClient, codec, search, { take: 50, cursor });
    perPage.push(page.upstreamCalls);
    served.push(page.items.length);
    cursor = page.next;
  } while (cursor);

  await emulator.stop();
  const sequentialP50 = p50(sequential);
  const lines = [
    `upstream latency ${LATENCY_MS} ms per call; drill-down of ${scenarios.drillDown24.jobCount} jobs = ${calls.length} upstream calls`,
    `drill-down cold  p50 ${ms(p50(cold))} (${RUNS} runs, new client each: nothing cached)`,
    `drill-down warm  p50 ${ms(p50(warm))} (${RUNS} runs, same client: served from memory)`,
    `sequential       p50 ${ms(sequentialP50)} (5 runs, the same ${calls.length} calls one after another)`,
    `speed-up         cold ${(sequentialP50 / p50(cold)).toFixed(1)}x, warm ${(sequentialP50 / p50(warm)).toFixed(0)}x`,
    `status filter    tag ${statusMix.tag}, status failed: ${failed} of ${statusMix.total} (1 in ${(statusMix.total / failed).toFixed(1)})`,
    `                 pages of 50: ${served.join(', ')} rows; upstream calls per page ${perPage.join(', ')}; ` +
      `mean ${(perPage.reduce((a, b) => a + b, 0) / perPage.length).toFixed(2)} (upstream page size 100)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
