import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { test } from './fixtures';

/**
 * A console and emulator pair of a spec's own, with the indexer on (the shared e2e server keeps it off: other specs
 * count upstream calls). `offset` keeps its ports apart from the shared pair's and from other specs' pairs.
 */

type PairOptions = { offset: number; args?: string[]; env: Record<string, string> };

const ports = (offset: number) => ({
  consolePort: Number(process.env.E2E_CONSOLE_PORT ?? 3100) + offset,
  emulatorPort: Number(process.env.E2E_EMULATOR_PORT ?? 4110) + offset,
});

/**
 * The pair for the spec file that calls this (started before its tests, stopped after them), and its addresses: the
 * console's, and the emulator's control endpoint. Screenshots go to test-results/screens.
 */
export function indexingConsoleForFile(name: string, options: PairOptions): { console: string; emulator: string } {
  let stop: (() => void) | undefined;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    mkdirSync('test-results/screens', { recursive: true });
    stop = await startIndexingConsole(name, options);
  });
  test.afterAll(() => stop?.());
  const { consolePort, emulatorPort } = ports(options.offset);
  return { console: `http://127.0.0.1:${consolePort}`, emulator: `http://127.0.0.1:${emulatorPort}/__emulator` };
}

/** Starts the pair; answers how to stop it. */
async function startIndexingConsole(name: string, options: PairOptions): Promise<() => void> {
  const { consolePort, emulatorPort } = ports(options.offset);
  const server: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/serve.ts', '--e2e', ...(options.args ?? []), '--console-port', String(consolePort), '--emulator-port', String(emulatorPort), '--workflows', '300'],
    { env: { ...process.env, INDEX_ENABLED: 'true', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${name} console did not start:\n${output.slice(-3000)}`)), 140_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('console ready on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.on('exit', (code) => reject(new Error(`the ${name} console stopped (${code}):\n${output.slice(-3000)}`)));
  });
  // The whole process group: serve.ts and its emulator and console children.
  return () => void (server.pid && process.kill(-server.pid, 'SIGTERM'));
}
