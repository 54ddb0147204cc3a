import { spawn } from 'node:child_process';

/**
 * What scripts/serve.ts seeds before the console starts (--demo / --e2e). Each runs as its own short process that
 * opens the database, writes and closes it, because a PGlite folder takes one process at a time.
 */

/** Runs one server-side script (react-server condition, like the console) to its end. */
function runSeedScript(what: string, script: string, scriptArgs: string[], scriptEnv: Record<string, string | undefined>): Promise<void> {
  const defined = Object.entries(scriptEnv).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script, ...scriptArgs], {
      env: { ...process.env, ...Object.fromEntries(defined) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit code ${code})`))));
  });
}

/** One account per role; the demo's passwords are kept in `accountsFile` across restarts unless `reset`. */
export function seedDemoUsers(
  mode: 'demo' | 'e2e',
  databaseEnv: Record<string, string | undefined>,
  demo?: { accountsFile: string; reset: boolean },
): Promise<void> {
  const seedArgs = ['--demo-users', mode, ...(demo ? ['--accounts-file', demo.accountsFile] : []), ...(demo?.reset ? ['--reset'] : [])];
  return runSeedScript('seeding demo users', 'scripts/user-create.ts', seedArgs, databaseEnv);
}

/** The demo's hash list, taken from the running emulator's outputs (once per database; scripts/hash-list-import.ts). */
export function seedDemoHashList(scriptEnv: Record<string, string | undefined>): Promise<void> {
  return runSeedScript('importing the demo hash list', 'scripts/hash-list-import.ts', ['--demo'], scriptEnv);
}
