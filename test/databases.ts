import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/lib/db/client';

/**
 * The two databases the console supports, for tests that must pass on both: an in-memory PGlite, and PostgreSQL
 * from TEST_DATABASE_URL in a schema created for this run and dropped afterwards (parallel runs never collide).
 */

export type TestDatabase = { name: 'PGlite' | 'PostgreSQL'; handle: DatabaseHandle; schema?: string; dispose(): Promise<void> };

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export async function openTestDatabase(kind: TestDatabase['name']): Promise<TestDatabase> {
  if (kind === 'PGlite') {
    const handle = await openDatabase({ kind: 'pglite' });
    setDatabase(handle);
    return { name: kind, handle, dispose: () => handle.close() };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `console_test_${randomBytes(6).toString('hex')}`;
  const dropSchema = async () => {
    const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop schema if exists "${schema}" cascade`);
    } finally {
      await admin.end();
    }
  };
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ kind: 'postgres', url: TEST_DATABASE_URL, schema });
  } catch (error) {
    // A failed migration must not leave its half-made schema behind.
    await dropSchema();
    throw error;
  }
  setDatabase(handle);
  return {
    name: kind,
    handle,
    schema,
    async dispose() {
      await handle.close();
      await dropSchema();
    },
  };
}

export const DATABASES: readonly TestDatabase['name'][] = ['PGlite', 'PostgreSQL'];

/** PGlite always runs; PostgreSQL only when TEST_DATABASE_URL is set. Says which on stdout so CI logs show it. */
export function databaseAvailable(name: TestDatabase['name'], suite: string): boolean {
  const available = name === 'PGlite' || Boolean(TEST_DATABASE_URL);
  console.info(`${suite} on ${name}: ${available ? 'running' : 'skipped (TEST_DATABASE_URL is not set)'}`);
  return available;
}
