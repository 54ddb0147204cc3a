import { spawn } from 'node:child_process';

/**
 * Seeds one account per role before the console starts (scripts/serve.ts --demo / --e2e); the demo's passwords are
 * kept in `accountsFile` across restarts unless `reset`. It runs as its own short
 * process that opens the database, writes and closes it, because a PGlite folder takes one process at a time.
 */
export function seedDemoUsers(
  mode: 'demo' | 'e2e',
  databaseEnv: Record<string, string | undefined>,
  demo?: { accountsFile: string; reset: boolean },
): Promise<void> {
  const defined = Object.entries(databaseEnv).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const seedArgs = ['--demo-users', mode, ...(demo ? ['--accounts-file', demo.accountsFile] : []), ...(demo?.reset ? ['--reset'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/user-create.ts', ...seedArgs], {
      env: { ...process.env, ...Object.fromEntries(defined) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding demo users failed (exit code ${code})`))));
  });
}
