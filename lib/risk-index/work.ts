import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db, type Database } from '@/lib/db/client';
import { indexWork } from '@/lib/db/schema-risk';

/**
 * The indexer's units of work in `index_work`, claimed with row leases so any number of console instances (or
 * `npm run indexer` processes) share them on one PostgreSQL without a queue service. A unit is free when its lease
 * has run out (or it never had one); claiming takes the first free unit by priority with FOR UPDATE SKIP LOCKED, so
 * two claimers never get the same one. Progress is saved only while the lease is still held (a fence): a stalled
 * holder whose unit was taken over cannot write after the taker-over. `lease_until` in the future with no holder
 * parks a unit until then (a watched user's next pass, a workflow to re-read).
 */

export type WorkKind = 'slice' | 'follower' | 'read' | 'watch';

/** Lower runs first: callbacks' reads, then the follower, watched users, the backfill. */
export const PRIORITY: Record<WorkKind, number> = { read: 0, follower: 10, watch: 50, slice: 100 };

export interface WorkUnit<S = Record<string, unknown>> {
  key: string;
  kind: WorkKind;
  state: S;
  attempts: number;
}

export type Executor = Pick<Database, 'execute' | 'insert' | 'delete' | 'select' | 'update'>;

export class LeaseLost extends Error {
  constructor(key: string) {
    super(`lease on ${key} was lost`);
    this.name = 'LeaseLost';
  }
}

type Row = Record<string, unknown>;

export function rowsOf(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

const seconds = (value: number) => sql`make_interval(secs => ${value})`;

function toUnit(row: Row): WorkUnit {
  const state = typeof row.state === 'string' ? (JSON.parse(row.state) as Record<string, unknown>) : (row.state as Record<string, unknown>);
  return { key: String(row.key), kind: row.kind as WorkKind, state, attempts: Number(row.attempts) };
}

/** Adds units that are not there yet; an existing unit (done or not) is left as it is. */
export async function addWork(units: readonly { key: string; kind: WorkKind; state?: Record<string, unknown>; notBefore?: Date }[], executor?: Executor): Promise<number> {
  if (units.length === 0) return 0;
  const database = executor ?? (await db());
  let added = 0;
  for (let start = 0; start < units.length; start += 500) {
    const rows = await database
      .insert(indexWork)
      .values(
        units.slice(start, start + 500).map((unit) => ({
          key: unit.key,
          kind: unit.kind,
          priority: PRIORITY[unit.kind],
          state: unit.state ?? {},
          leaseUntil: unit.notBefore ?? null,
        })),
      )
      .onConflictDoNothing({ target: indexWork.key })
      .returning({ key: indexWork.key });
    added += rows.length;
  }
  return added;
}

/** Claims the first free unit of the given kinds for `holder`, for `leaseSeconds`; null when none is free. */
export async function claimWork(holder: string, kinds: readonly WorkKind[], leaseSeconds: number): Promise<WorkUnit | null> {
  const database = await db();
  const kindList = sql.join(kinds.map((kind) => sql`${kind}`), sql`, `);
  const result = await database.execute(sql`
    update index_work
       set holder = ${holder}, lease_until = now() + ${seconds(leaseSeconds)}, attempts = attempts + 1, updated_at = now()
     where key = (select key from index_work
                   where not done and kind in (${kindList}) and (lease_until is null or lease_until < now())
                   order by priority, key
                   limit 1
                   for update skip locked)
    returning key, kind, state, attempts`);
  const [row] = rowsOf(result);
  return row ? toUnit(row) : null;
}

/** The fence: saves progress (and optionally finishes or parks the unit) only while this claim still holds it. */
export async function saveWork(
  executor: Executor,
  holder: string,
  unit: Pick<WorkUnit, 'key' | 'attempts'>,
  change: { state?: Record<string, unknown>; done?: boolean; leaseSeconds?: number; parkSeconds?: number; error?: string | null },
): Promise<void> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (change.state) sets.push(sql`state = ${JSON.stringify(change.state)}::jsonb`);
  // Done wins over a renewal or a park: a finished unit is never claimed again.
  if (change.done) sets.push(sql`done = true`, sql`holder = null`, sql`lease_until = null`);
  else if (change.parkSeconds !== undefined) sets.push(sql`holder = null`, sql`lease_until = now() + ${seconds(change.parkSeconds)}`);
  else if (change.leaseSeconds !== undefined) sets.push(sql`lease_until = now() + ${seconds(change.leaseSeconds)}`);
  if (change.error !== undefined) sets.push(sql`last_error = ${change.error}`);
  // `attempts` grew with every claim: with the holder it names this claim, not an older one of the same instance.
  const result = await executor.execute(
    sql`update index_work set ${sql.join(sets, sql`, `)} where key = ${unit.key} and holder = ${holder} and attempts = ${unit.attempts} returning key`,
  );
  if (rowsOf(result).length === 0) throw new LeaseLost(unit.key);
}

/** Gives a unit back (after a failure, or on stop): free again after `retrySeconds`, its error kept for the status page. */
export async function releaseWork(holder: string, unit: Pick<WorkUnit, 'key' | 'attempts'>, error: string | null, retrySeconds: number): Promise<void> {
  const database = await db();
  await database.execute(sql`
    update index_work set holder = null, lease_until = now() + ${seconds(retrySeconds)}, last_error = ${error?.slice(0, 500) ?? null}, updated_at = now()
     where key = ${unit.key} and holder = ${holder} and attempts = ${unit.attempts}`);
}
