/**
 * Creates a console account, e.g. the first admin:
 *   npm run user:create -- --email ada@example.com --role admin [--name "Ada L."] [--password <12+ characters>] [--break-glass]
 * Without --password a strong one is generated and printed once (only its hash is stored).
 * --break-glass (admins only): the emergency account of SSO_ONLY=true, the one that still signs in with a password
 * (and never through the identity provider); marked in the user row's break_glass column.
 * Uses the same database as the console (DATABASE_URL, else PGLITE_DIR); stop the console first when it is PGlite.
 *
 *   --demo-users demo|e2e   (used by scripts/serve.ts) one account per role: demo = the passwords kept in
 *                           --accounts-file (random ones when it is missing or with --reset, then written there);
 *                           e2e = the fixed test passwords of lib/auth/demo-users.ts. Refused when NODE_ENV=production.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEMO_USERS, E2E_CREDENTIALS } from '@/lib/auth/demo-users';
import { ROLES } from '@/lib/auth/roles';
import { closeDb } from '@/lib/db/client';
import { createUser, UserError } from '@/lib/auth/user-store';
import { EnvError } from '@/lib/env-schema';

const { values: args } = parseArgs({
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    'demo-users': { type: 'string' },
    'accounts-file': { type: 'string', default: '.data/demo-accounts.json' },
    reset: { type: 'boolean', default: false },
    'break-glass': { type: 'boolean', default: false },
  },
});

const system = { actor: null };

async function createOne(): Promise<void> {
  if (!args.email || !args.role) {
    throw new UserError('invalid_input', 'usage: npm run user:create -- --email <email> --role <viewer|moderator|senior|admin> [--name <name>] [--password <password>] [--break-glass]');
  }
  const breakGlass = args['break-glass'];
  const { user, password } = await createUser({ email: args.email, role: args.role, name: args.name, password: args.password }, system, { breakGlass });
  console.log(`Created ${user.email} (${user.role}${breakGlass ? ', break-glass: signs in with this password even when SSO_ONLY=true' : ''}).`);
  if (!args.password) console.log(`Password (shown once, store it safely): ${password}`);
}

/** The demo's kept passwords by role: none when the file is missing or --reset asks for new ones. */
function keptDemoPasswords(file: string): Partial<Record<string, string>> {
  if (args.reset || !existsSync(file)) return {};
  const accounts = JSON.parse(readFileSync(file, 'utf8')) as { role: string; password: string }[];
  return Object.fromEntries(accounts.map((account) => [account.role, account.password]));
}

async function seedDemoUsers(mode: string): Promise<void> {
  if (mode !== 'demo' && mode !== 'e2e') throw new UserError('invalid_input', '--demo-users must be demo or e2e');
  if (process.env.NODE_ENV === 'production') throw new UserError('invalid_input', 'demo users are never created when NODE_ENV=production');
  const accountsFile = args['accounts-file'];
  const kept = mode === 'demo' ? keptDemoPasswords(accountsFile) : {};
  const accounts: { role: string; email: string; password: string }[] = [];
  for (const role of ROLES) {
    const { email, name } = DEMO_USERS[role];
    const fixed = mode === 'e2e' ? E2E_CREDENTIALS[role].password : kept[role];
    const { password } = await createUser({ email, name, role, password: fixed }, system, { resetExisting: true });
    accounts.push({ role, email, password });
  }
  // serve.ts prints them in its closing box; the file never leaves .data/ (git-ignored, owner-only).
  if (mode === 'demo') writeFileSync(accountsFile, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  else console.log(`Seeded ${ROLES.length} e2e accounts (lib/auth/demo-users.ts).`);
}

try {
  await (args['demo-users'] ? seedDemoUsers(args['demo-users']) : createOne());
  await closeDb();
} catch (error) {
  await closeDb().catch(() => {});
  if (error instanceof UserError || error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
