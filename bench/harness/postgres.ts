import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { NotAvailable } from './figures';

/** A PostgreSQL database of its own for a benchmark, on the server the machine runs (BENCH_DATABASE_URL). */

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A connection to the server; NotAvailable when it does not answer. */
export async function adminConnection(): Promise<postgres.Sql> {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 });
    throw new NotAvailable(`PostgreSQL is not reachable at ${new URL(SERVER_URL).host} (${error instanceof Error ? error.message : String(error)})`);
  }
  return admin;
}

export interface ScratchDatabase {
  url: string;
  /** A connection to it, for the benchmark's own checks. */
  sql: postgres.Sql;
  drop(): Promise<void>;
}

/** Creates a database for one benchmark; `drop` removes it (and ends the connections this module opened). */
export async function scratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const admin = await adminConnection();
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin.unsafe(`create database "${name}"`);
  const url = databaseUrl(name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
