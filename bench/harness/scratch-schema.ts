import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';

/**
 * The console's own database layer on a scratch schema, for the index-scale benchmarks that run under the
 * react-server condition (`npm run bench:overview`, `bench:hash-lists`, `bench:team`). Apart from harness/postgres.ts,
 * which `npm run bench` loads without that condition and so must not reach server-only modules.
 */

/** Opens the console's database in a schema of its own on `url` (migrated), hands it to `measure`, then drops the schema. */
export async function inScratchSchema<T>(url: string, prefix: string, measure: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const handle = await openDatabase({ kind: 'postgres', url, schema });
  try {
    return await measure(handle);
  } finally {
    await handle.close();
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
}
