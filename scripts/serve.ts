/**
 * Starts the console (production build) and, unless a real upstream is configured, the embedded emulator.
 *   tsx scripts/serve.ts [--console-port 3000] [--emulator-port 4010] [--e2e] [--seed 42] [--workflows 2000]
 * With CIVITAI_API_TOKEN and CIVITAI_API_URL set, only the console starts, talking to that API.
 * --e2e: a fresh database folder under test-results/, the emulator's loopback control endpoint on, demo users seeded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    'console-port': { type: 'string', default: process.env.PORT ?? '3000' },
    'emulator-port': { type: 'string', default: process.env.EMULATOR_PORT ?? '4010' },
    seed: { type: 'string', default: '42' },
    workflows: { type: 'string', default: '2000' },
    e2e: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
  },
});

const children: ChildProcess[] = [];
function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Spawns a child, forwards its output with a prefix, resolves with the first line matching `ready`. */
function start(
  name: string,
  command: string,
  commandArgs: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let settled = false;
    const onLine = (line: string) => {
      process.stdout.write(`[${name}] ${line}\n`);
      const match = line.match(ready);
      if (match && !settled) {
        settled = true;
        resolve(match);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`${name} exited with code ${code} before it was ready`));
      else if (code) stopAll(code);
    });
  });
}

const distDir = process.env.NEXT_DIST_DIR || '.next';
if (!existsSync(join(distDir, 'BUILD_ID'))) {
  console.error(`No production build in ${distDir}: run "npm run build" first (npm run demo does it for you).`);
  process.exit(1);
}

const env: Record<string, string> = {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? `http://127.0.0.1:${args['console-port']}`,
};

const realUpstream = Boolean(process.env.CIVITAI_API_TOKEN);
if (!realUpstream) {
  const emulatorArgs = ['--import', 'tsx', 'emulator/main.ts', '--port', args['emulator-port'], '--seed', args.seed, '--workflows', args.workflows];
  if (args.e2e) emulatorArgs.push('--control');
  const [, url = ''] = await start('emulator', process.execPath, emulatorArgs, {}, /^emulator listening on (http:\/\/\S+)$/);
  const { DEMO_SERVICE_TOKEN } = await import('../emulator/tokens');
  Object.assign(env, { CIVITAI_API_URL: url, CIVITAI_API_TOKEN: DEMO_SERVICE_TOKEN, CONSOLE_UPSTREAM_KIND: 'emulator' });
}

if (args.e2e || args.demo) {
  // Per console port: parallel e2e runs (one per port) must never share a PGlite folder (one process per folder).
  const dataDir = args.e2e ? `test-results/e2e-data-${args['console-port']}` : '.data';
  if (args.e2e) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (!process.env.DATABASE_URL) env.PGLITE_DIR = join(dataDir, 'pglite');
  // A demo keeps one generated session secret across restarts, so sign-ins survive; it never leaves .data/.
  const secretFile = join(dataDir, 'session-secret');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  env.BETTER_AUTH_SECRET = process.env.BETTER_AUTH_SECRET ?? readFileSync(secretFile, 'utf8');
  // One account per role before the console opens the database; refused when NODE_ENV=production.
  const { seedDemoUsers } = await import('./demo-users');
  await seedDemoUsers(args.e2e ? 'e2e' : 'demo', { PGLITE_DIR: env.PGLITE_DIR });
  // The e2e suite signs in many times from 127.0.0.1; production keeps the strict per-address limit.
  if (args.e2e) env.SIGN_IN_RATE_LIMIT = process.env.SIGN_IN_RATE_LIMIT ?? '1000';
}

// The production entry point (scripts/console-server.ts): client addresses from the socket, not from a client's headers.
await start('console', process.execPath, ['--import', 'tsx', 'scripts/console-server.ts', '--port', args['console-port'], '--hostname', '127.0.0.1'], env, /Ready in/);
console.log(`console ready on http://127.0.0.1:${args['console-port']}`);
