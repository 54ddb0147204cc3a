import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The console under test as a real `next start` process of the production build, on 127.0.0.1 only, plus the
 * build itself. Every process started here is stopped by its pid when the run ends.
 */

const NEXT_BIN = join('node_modules', 'next', 'dist', 'bin', 'next');

export interface ConsoleProcess {
  origin: string;
  port: number;
  pid: number;
  /** Lines the process printed (bounded), for a failure report and the token-leak check. */
  output(): string[];
  stop(): Promise<void>;
}

export interface ConsoleSettings {
  port: number;
  distDir: string;
  upstreamUrl: string;
  upstreamToken: string;
  /** PGLITE_DIR or DATABASE_URL. */
  database: { pgliteDir: string } | { url: string };
  secret: string;
  extraEnv?: Record<string, string>;
}

export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

export function hasBuild(distDir: string): boolean {
  return existsSync(join(distDir, 'BUILD_ID'));
}

/**
 * `next build` into distDir; its output goes to our stderr so the table on stdout stays readable. Next adds
 * `<distDir>/types/**` to tsconfig.json's include when distDir is not `.next`; the benchmark's build leaves the
 * work tree as it found it.
 */
export async function buildConsole(distDir: string): Promise<void> {
  const tsconfig = readFileSync('tsconfig.json', 'utf8');
  try {
    await runBuild(distDir);
  } finally {
    if (readFileSync('tsconfig.json', 'utf8') !== tsconfig) writeFileSync('tsconfig.json', tsconfig);
  }
}

function runBuild(distDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, 'build'], {
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}

export function consoleEnv(settings: ConsoleSettings): Record<string, string> {
  const origin = `http://127.0.0.1:${settings.port}`;
  return {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: settings.distDir,
    CIVITAI_API_URL: settings.upstreamUrl,
    CIVITAI_API_TOKEN: settings.upstreamToken,
    CONSOLE_UPSTREAM_KIND: 'emulator',
    BETTER_AUTH_SECRET: settings.secret,
    BETTER_AUTH_URL: origin,
    // The harness signs in a handful of times per instance; the production limit would answer 429.
    SIGN_IN_RATE_LIMIT: '1000',
    // Benchmarks count their own upstream calls: the risk indexer runs only where a benchmark turns it on.
    INDEX_ENABLED: 'false',
    ...('url' in settings.database ? { DATABASE_URL: settings.database.url } : { PGLITE_DIR: settings.database.pgliteDir }),
    ...settings.extraEnv,
  };
}

const OUTPUT_LINES = 2_000;

export async function startConsole(settings: ConsoleSettings, readyTimeoutMs = 60_000): Promise<ConsoleProcess> {
  const origin = `http://127.0.0.1:${settings.port}`;
  // Only what the console needs from our environment: no stray CIVITAI_* or DATABASE_URL of the caller's shell.
  const inherited: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name]) inherited[name] = process.env[name];
  // BENCH_CPU_PROF=<dir>: the console writes a V8 CPU profile there when it stops (summarise: bench/cpu-profile.ts).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, NEXT_BIN, 'start', '-p', String(settings.port), '-H', '127.0.0.1'], {
    env: { ...inherited, ...consoleEnv(settings), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > OUTPUT_LINES) lines.shift();
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const handle: ConsoleProcess = {
    origin,
    port: settings.port,
    pid: child.pid!,
    output: () => [...lines],
    stop: () => stopChild(child),
  };
  try {
    await waitUntilHealthy(origin, child, readyTimeoutMs);
  } catch (error) {
    await handle.stop();
    const tail = lines.slice(-20).join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- console output ---\n${tail}`);
  }
  return handle;
}

async function waitUntilHealthy(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the console exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the console on ${origin} was not healthy within ${timeoutMs / 1000} s`);
}

export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux; 10 ms resolution). */
export function cpuMs(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}
