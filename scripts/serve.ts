/**
 * Starts the console (production build) and, unless a real upstream is configured, the embedded emulator.
 *   tsx scripts/serve.ts [--console-port 3000] [--emulator-port 4010] [--e2e] [--seed 42] [--workflows 2000]
 *                        [--sso [--oidc-port 4030]]
 * With CIVITAI_API_TOKEN and CIVITAI_API_URL set, only the console starts, talking to that API.
 * --e2e: a fresh database folder under test-results/, the emulator's loopback control endpoint on, demo users seeded.
 * --demo (npm run demo): builds when the sources changed (quietly: the log goes to .data/logs/), seeds one account per
 *   role with the passwords kept in .data/demo-accounts.json (--reset makes new ones) and a demo hash list, keeps the
 *   children's output in .data/logs/ and ends with one box: the URL and the accounts.
 * --live <per minute>: the emulator keeps completing new workflows (the demo: 6 a minute; 0 turns it off).
 * --callbacks: the emulator calls the console back when a workflow completes (always on for the demo).
 * --sso (always on with --e2e): a test OpenID provider (emulator/oidc/provider.ts) on 127.0.0.1:--oidc-port (0: a free
 *   port), and the console's company sign-in pointed at it; the demo's box says how to sign in there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildProgressLine, demoBox, sourceTreeHash, type DemoAccount, type DemoSso } from './demo-support';

const { values: args } = parseArgs({
  options: {
    'console-port': { type: 'string', default: process.env.PORT ?? '3000' },
    'emulator-port': { type: 'string', default: process.env.EMULATOR_PORT ?? '4010' },
    seed: { type: 'string', default: '42' },
    workflows: { type: 'string', default: '2000' },
    e2e: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    live: { type: 'string' },
    callbacks: { type: 'boolean', default: false },
    sso: { type: 'boolean', default: false },
    'oidc-port': { type: 'string', default: process.env.OIDC_PORT ?? '4030' },
  },
});

const DEMO_LOGS = '.data/logs';
if (args.demo) mkdirSync(DEMO_LOGS, { recursive: true });

/** The last lines of a log, for a failure message. */
function logTail(file: string, lines = 30): string {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Splits a child's output streams into lines. */
function onLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
}

const children: ChildProcess[] = [];
function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/**
 * Spawns a child and resolves with the first output line matching `ready`. Its output goes to the terminal with a
 * prefix, or for the demo to .data/logs/<name>.log (named, with its tail, if the child stops).
 */
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
    const logFile = join(DEMO_LOGS, `${name}.log`);
    const log = args.demo ? createWriteStream(logFile) : null;
    let settled = false;
    onLines(child, (line) => {
      if (log) log.write(`${line}\n`);
      else process.stdout.write(`[${name}] ${line}\n`);
      const match = line.match(ready);
      if (match && !settled) {
        settled = true;
        resolve(match);
      }
    });
    child.on('exit', (code) => {
      if (log) log.end(() => code && console.error(`${name} stopped (exit code ${code}); the end of ${logFile}:\n${logTail(logFile)}`));
      if (!settled) reject(new Error(`${name} exited with code ${code} before it was ready`));
      else if (code) stopAll(code);
    });
  });
}

/** The demo's build: skipped when the build inputs hash as they did for the build in place; quiet otherwise. */
async function buildWhenChanged(distDir: string): Promise<void> {
  const stampFile = join(distDir, 'demo-source-sha256');
  const sources = sourceTreeHash('.');
  if (existsSync(join(distDir, 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === sources) {
    console.log('Build is up to date (no source changed since the last one): skipping next build.');
    return;
  }
  const logFile = join(DEMO_LOGS, 'build.log');
  console.log(`Building the console (next build, log: ${logFile}) ...`);
  const started = Date.now();
  const log = createWriteStream(logFile);
  const nextBin = join('node_modules', 'next', 'dist', 'bin', 'next');
  const build = spawn(process.execPath, [nextBin, 'build'], {
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onLines(build, (line) => {
    log.write(`${line}\n`);
    const progress = buildProgressLine(line);
    if (progress) console.log(`  ${progress}`);
  });
  const code = await new Promise<number | null>((resolve) => build.on('exit', resolve));
  await new Promise<void>((resolve) => log.end(resolve));
  if (code !== 0) {
    console.error(`next build failed (exit code ${code}); the end of ${logFile}:\n${logTail(logFile)}`);
    process.exit(1);
  }
  writeFileSync(stampFile, sources);
  console.log(`  built in ${Math.round((Date.now() - started) / 1000)} s`);
}

const distDir = process.env.NEXT_DIST_DIR || '.next';
if (args.demo) await buildWhenChanged(distDir);
if (!existsSync(join(distDir, 'BUILD_ID'))) {
  console.error(`No production build in ${distDir}: run "npm run build" first (npm run demo does it for you).`);
  process.exit(1);
}

const env: Record<string, string> = {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? `http://127.0.0.1:${args['console-port']}`,
};

// The end-to-end suite counts upstream calls: no indexer polling behind its back unless asked for.
if (args.e2e) env.INDEX_ENABLED = process.env.INDEX_ENABLED ?? 'false';

const realUpstream = Boolean(process.env.CIVITAI_API_TOKEN);
if (!realUpstream) {
  const emulatorArgs = ['--import', 'tsx', 'emulator/main.ts', '--port', args['emulator-port'], '--seed', args.seed, '--workflows', args.workflows];
  if (args.e2e) emulatorArgs.push('--control');
  const live = args.live ?? (args.demo ? '6' : '0');
  if (live !== '0') emulatorArgs.push('--live', live);
  if (args.demo || args.callbacks) {
    // The emulator calls the console back when a workflow completes, with a secret made for this run.
    env.ORCHESTRATOR_WEBHOOK_SECRET = process.env.ORCHESTRATOR_WEBHOOK_SECRET ?? randomBytes(24).toString('hex');
    const hook = `http://127.0.0.1:${args['console-port']}/api/webhooks/orchestrator`;
    emulatorArgs.push('--callback-url', hook, '--callback-secret', env.ORCHESTRATOR_WEBHOOK_SECRET);
  }
  const [, url = ''] = await start('emulator', process.execPath, emulatorArgs, {}, /^emulator listening on (http:\/\/\S+)$/);
  const { DEMO_SERVICE_TOKEN } = await import('../emulator/tokens');
  Object.assign(env, { CIVITAI_API_URL: url, CIVITAI_API_TOKEN: DEMO_SERVICE_TOKEN, CONSOLE_UPSTREAM_KIND: 'emulator' });
}

// The end-to-end console always offers company sign-in (e2e/sso.spec.ts); password sign-in stays on for the rest.
let demoSso: DemoSso | undefined;
if (args.sso || args.e2e) {
  const { OIDC_ACCOUNTS, OIDC_PASSWORD, OIDC_ROLE_GROUPS, startOidcProvider } = await import('../emulator/oidc/provider');
  const { roleForGroups } = await import('../lib/auth/sso-policy');
  const provider = await startOidcProvider({ port: Number(args['oidc-port']), consoleUrls: [env.BETTER_AUTH_URL!] });
  Object.assign(env, provider.consoleEnv);
  console.log(`test OpenID provider listening on ${provider.issuer}`);
  const accounts = [OIDC_ACCOUNTS.viewer, OIDC_ACCOUNTS.moderator, OIDC_ACCOUNTS.senior, OIDC_ACCOUNTS.admin].map((account) => ({ email: account.email, role: roleForGroups(account.groups, OIDC_ROLE_GROUPS) }));
  demoSso = { issuer: provider.issuer, password: OIDC_PASSWORD, accounts };
}

const DEMO_ACCOUNTS = '.data/demo-accounts.json';
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
  const { seedDemoHashList, seedDemoUsers } = await import('./demo-users');
  await seedDemoUsers(args.e2e ? 'e2e' : 'demo', { PGLITE_DIR: env.PGLITE_DIR }, args.demo ? { accountsFile: DEMO_ACCOUNTS, reset: args.reset } : undefined);
  // The demo's hash list matches a few of the emulator's newest outputs, so the indexer's hashing shows real matches.
  if (args.demo && !realUpstream) await seedDemoHashList({ PGLITE_DIR: env.PGLITE_DIR, CIVITAI_API_URL: env.CIVITAI_API_URL, CIVITAI_API_TOKEN: env.CIVITAI_API_TOKEN });
  // The e2e suite signs in many times from 127.0.0.1; production keeps the strict per-address limit.
  if (args.e2e) env.SIGN_IN_RATE_LIMIT = process.env.SIGN_IN_RATE_LIMIT ?? '1000';
}

// The production entry point (scripts/console-server.ts): client addresses from the socket, not from a client's headers.
await start('console', process.execPath, ['--import', 'tsx', 'scripts/console-server.ts', '--port', args['console-port'], '--hostname', '127.0.0.1'], env, /Ready in/);
const url = `http://127.0.0.1:${args['console-port']}`;
if (args.demo) {
  const accounts = JSON.parse(readFileSync(DEMO_ACCOUNTS, 'utf8')) as DemoAccount[];
  console.log(demoBox(url, accounts, DEMO_ACCOUNTS, demoSso));
} else {
  console.log(`console ready on ${url}`);
}
