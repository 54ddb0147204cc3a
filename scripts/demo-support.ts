/** The quiet parts of `npm run demo`: when to rebuild, which build lines to show, and the closing box. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders that never change what `next build` produces (outputs, installs, data, tests, docs). */
const NOT_BUILD_INPUTS = new Set(['node_modules', '.git', '.data', 'test-results', 'playwright-report', 'blob-report', 'e2e', 'docs', 'out']);

function buildInputs(root: string, dir = root): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_BUILD_INPUTS.has(entry.name) || entry.name.startsWith('.next')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...buildInputs(root, path));
    else if (entry.isFile()) files.push(relative(root, path));
  }
  return files;
}

/** One hash of every build input (sources, configs, package-lock.json): the same hash means the same build. */
export function sourceTreeHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of buildInputs(root).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The phases of `next build` worth a line while it runs; the last page count only, no config, cache or route table. */
const BUILD_PHASES =
  /^(?:✓ )?(Creating an optimized production build|Compiled successfully.*|Finished TypeScript.*|Collecting page data.*|Generating static pages .*\((\d+)\/\2\).*|Finalizing page optimization)/;

export function buildProgressLine(line: string): string | null {
  const phase = BUILD_PHASES.exec(line.trim())?.[1];
  return phase ? phase.replace(/ *\.\.\.$/, '').trim() : null;
}

export type DemoAccount = { role: string; email: string; password: string };

/** `npm run demo -- --sso`: the test identity provider and the company accounts it signs in. */
export type DemoSso = { issuer: string; password: string; accounts: readonly { email: string; role: string }[] };

function ssoLines(sso: DemoSso): string[] {
  const emailWidth = Math.max(...sso.accounts.map((account) => account.email.length));
  return [
    '',
    `Company sign-in: "Continue with your company account", then at Corp ID (${sso.issuer})`,
    `sign in as one of these with the password ${sso.password}:`,
    ...sso.accounts.map((account) => `${account.email.padEnd(emailWidth)}  ${account.role}`),
  ];
}

/** The one box printed when the demo is ready: where to go and how to sign in. */
export function demoBox(url: string, accounts: readonly DemoAccount[], passwordsFile: string, sso?: DemoSso): string {
  const emailWidth = Math.max(...accounts.map((account) => account.email.length));
  const passwordWidth = Math.max(...accounts.map((account) => account.password.length));
  const lines = [
    `Review console ready: ${url}`,
    '',
    `${'email'.padEnd(emailWidth)}  ${'password'.padEnd(passwordWidth)}  role`,
    ...accounts.map((account) => `${account.email.padEnd(emailWidth)}  ${account.password.padEnd(passwordWidth)}  ${account.role}`),
    '',
    `Passwords stay the same across restarts (${passwordsFile}).`,
    'npm run demo -- --reset makes new ones. Ctrl-C stops the demo.',
    ...(sso ? ssoLines(sso) : []),
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '─'.repeat(width + 2);
  return [`┌${rule}┐`, ...lines.map((line) => `│ ${line.padEnd(width)} │`), `└${rule}┘`].join('\n');
}
