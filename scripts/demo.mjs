/**
 * `npm run demo [-- --reset]`: the one command of a fresh clone. Plain Node (no dependency is installed yet when it
 * starts): installs with `npm ci` when package.json or package-lock.json changed since the last install, then hands
 * over to scripts/serve.ts --demo (build when the sources changed, demo accounts, emulator, console).
 * No `npm install` fallback: it would rewrite the lockfile and hide the drift.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const stampFile = 'node_modules/.demo-install-sha256';
const manifestHash = createHash('sha256').update(readFileSync('package.json')).update(readFileSync('package-lock.json')).digest('hex');
const installed = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';

if (installed !== manifestHash) {
  mkdirSync('.data/logs', { recursive: true });
  const log = '.data/logs/npm-ci.log';
  console.log(`Installing dependencies (npm ci, log: ${log}) ...`);
  const started = Date.now();
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(log, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-12).join('\n');
    console.error(`${tail}\n\nnpm ci refused to install (full log: ${log}).`);
    console.error('When package-lock.json is out of date with package.json, regenerate it as TOOLCHAIN.md says:');
    console.error('npm install --package-lock-only in a folder without node_modules, then commit the lockfile.');
    process.exit(1);
  }
  writeFileSync(stampFile, manifestHash);
  console.log(`  installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

const serve = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--demo', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(serve.status ?? 1);
