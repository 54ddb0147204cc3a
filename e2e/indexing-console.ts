import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A console and emulator pair of a spec's own, with the indexer on (the shared e2e server keeps it off: other specs
 * count upstream calls). `offset` keeps its ports apart from the shared pair's and from other specs' pairs.
 */
export interface IndexingConsole {
  console: string;
  emulator: string;
  stop(): void;
}

export async function startIndexingConsole(name: string, options: { offset: number; args?: string[]; env: Record<string, string> }): Promise<IndexingConsole> {
  const consolePort = Number(process.env.E2E_CONSOLE_PORT ?? 3100) + options.offset;
  const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 4110) + options.offset;
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
  return {
    console: `http://127.0.0.1:${consolePort}`,
    emulator: `http://127.0.0.1:${emulatorPort}/__emulator`,
    // The whole process group: serve.ts and its emulator and console children.
    stop: () => void (server.pid && process.kill(-server.pid, 'SIGTERM')),
  };
}
