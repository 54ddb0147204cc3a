import { spawn, type ChildProcess } from 'node:child_process';
import { stopChild } from './processes';

/** `npm run indexer` as a child process with only the settings a benchmark gives it. */

export interface IndexerProcess {
  pid: number;
  /** Resolves with the first output line matching `pattern`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited(): Promise<number | null>;
  /** SIGKILL: a crash, nothing given back. */
  kill(): void;
  stop(): Promise<void>;
  output(): string[];
}

export function startIndexerProcess(env: Record<string, string>, args: string[] = []): IndexerProcess {
  const inherited: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name]) inherited[name] = process.env[name];
  const child: ChildProcess = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/indexer.ts', ...args], {
    env: { ...inherited, NODE_ENV: 'production', BETTER_AUTH_SECRET: 'bench-only-secret-0123456789-0123456789', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 500) lines.shift();
      for (const watch of [...watchers]) watch(line);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    line(pattern, timeoutMs = 60_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`indexer: no line matching ${pattern} in ${timeoutMs / 1000} s\n${lines.slice(-10).join('\n')}`));
        }, timeoutMs);
        const watch = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(line);
        };
        watchers.add(watch);
      });
    },
    exited: () => exit,
    kill: () => void child.kill('SIGKILL'),
    stop: () => stopChild(child),
    output: () => [...lines],
  };
}
