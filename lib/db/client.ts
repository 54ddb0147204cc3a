import 'server-only';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/env';
import { schema, type Schema } from './schema';

/**
 * One database for the console: embedded PGlite in a folder by default, PostgreSQL when DATABASE_URL is set.
 * Both go through drizzle with the same schema, the same migrations and the same queries; only the driver differs.
 */

export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  /** dataDir undefined: in memory (tests). */
  | { kind: 'pglite'; dataDir?: string }
  /** schema: the one schema holding every table (search_path); tests use one of their own per run. */
  | { kind: 'postgres'; url: string; schema?: string };

export type DatabaseHandle = { db: Database; kind: DatabaseTarget['kind']; close(): Promise<void> };

const MIGRATIONS_FOLDER = join(process.cwd(), 'lib', 'db', 'migrations');
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens a database and applies any pending migration before returning it. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.kind === 'pglite' ? openPglite(target.dataDir) : openPostgres(target);
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // PGlite does not create parent folders.
  if (dataDir) mkdirSync(resolve(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir ? resolve(dataDir) : undefined);
  const database = drizzle({ client, schema });
  try {
    await migrate(database, { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: 'public' });
  } catch (error) {
    await client.close();
    throw error;
  }
  return { db: database as unknown as Database, kind: 'pglite', close: once(() => client.close()) };
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Promise<DatabaseHandle> {
  const schemaName = target.schema ?? 'public';
  if (!SCHEMA_NAME.test(schemaName)) throw new Error(`Invalid database schema name: ${schemaName}`);
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const options = { onnotice: () => {}, connection: { search_path: schemaName } };

  // Several console instances may start at once against one server: an advisory lock on a connection of its own
  // runs their migrations one after the other. Ending that connection releases the lock.
  const migrator = postgres(target.url, { ...options, max: 1 });
  try {
    await migrator`select pg_advisory_lock(hashtext(${`review-console-migrations:${schemaName}`}))`;
    await migrate(drizzle({ client: migrator }), { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: schemaName });
  } finally {
    await migrator.end({ timeout: 5 });
  }

  const client = postgres(target.url, { ...options, max: 10 });
  const database = drizzle({ client, schema });
  return { db: database as unknown as Database, kind: 'postgres', close: once(() => client.end({ timeout: 5 })) };
}

/** Closing twice (a test, then its cleanup) is harmless. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/** Where the running console keeps its data, from the validated configuration. */
export function configuredTarget(): DatabaseTarget {
  const config = env();
  return config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'pglite', dataDir: config.PGLITE_DIR };
}

// `next start` may evaluate this module more than once per process: the handle lives on globalThis so the process
// holds exactly one PGlite instance (one process per data folder) or one connection pool.
const HANDLE = Symbol.for('review-console.database');
type GlobalWithHandle = typeof globalThis & { [HANDLE]?: Promise<DatabaseHandle> };
const holder = globalThis as GlobalWithHandle;

function handle(): Promise<DatabaseHandle> {
  let opening = holder[HANDLE];
  if (!opening) {
    const attempt = openDatabase(configuredTarget());
    // A failed open is not kept: the next request tries again (e.g. PostgreSQL was restarting).
    attempt.catch(() => {
      if (holder[HANDLE] === attempt) delete holder[HANDLE];
    });
    opening = holder[HANDLE] = attempt;
  }
  return opening;
}

/** Makes an already open database the process-wide one (CLI scripts that open their own, tests on both drivers). */
export function setDatabase(opened: DatabaseHandle): void {
  holder[HANDLE] = Promise.resolve(opened);
}

/** The console's database: opened on first use (never at import: `next build` imports route modules), migrated once. */
export async function db(): Promise<Database> {
  return (await handle()).db;
}

/** Closes the process-wide database (CLI scripts, tests), so another process may open the same PGlite folder. */
export async function closeDb(): Promise<void> {
  const opening = holder[HANDLE];
  delete holder[HANDLE];
  if (opening) await (await opening).close();
}
