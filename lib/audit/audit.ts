import 'server-only';
import { and, desc, eq, gt, gte, isNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { assertRole, AuthError, type SessionUser } from '@/lib/auth/session-user';
import { roleAtLeast } from '@/lib/auth/roles';
import type { AuditAction, AuditFilter, AuditTargetType } from './filter';
import { db, type Database } from '@/lib/db/client';
import { auditEvent, user } from '@/lib/db/schema';
import { consoleLogger } from '@/lib/log';

export type { AuditAction, AuditFilter, AuditTargetType } from './filter';

export type AuditEventInput = {
  actor: SessionUser | null;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string;
  /** The workflow a blob or job belongs to, so the workflow's "viewed by" includes it. */
  workflowId?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  requestId?: string | null;
};

export type AuditRecord = {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  sessionId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  workflowId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
};

export type AuditErrorKind = 'invalid_input' | 'audit_unavailable';

/** A refused or failed audit write. Callers fail closed: no reveal, no decision without its row. */
export class AuditError extends Error {
  constructor(
    readonly kind: AuditErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuditError';
  }
}

const LIMITS = { targetId: 512, workflowId: 512, reason: 2_000, detailBytes: 16_384 } as const;

type Executor = Pick<Database, 'insert'>;

function checkInput(event: AuditEventInput): void {
  const tooLong = (value: string | null | undefined, max: number) => typeof value === 'string' && value.length > max;
  if (!event.targetId || tooLong(event.targetId, LIMITS.targetId)) throw new AuditError('invalid_input', 'audit target id is empty or too long');
  if (tooLong(event.workflowId, LIMITS.workflowId)) throw new AuditError('invalid_input', 'audit workflow id is too long');
  if (tooLong(event.reason, LIMITS.reason)) throw new AuditError('invalid_input', `audit reason is over ${LIMITS.reason} characters`);
  if (event.detail && JSON.stringify(event.detail).length > LIMITS.detailBytes) throw new AuditError('invalid_input', 'audit detail is too large');
}

function rowValues(event: AuditEventInput) {
  return {
    actorId: event.actor?.id ?? null,
    actorEmail: event.actor?.email ?? null,
    actorRole: event.actor?.role ?? null,
    sessionId: event.actor?.sessionId ?? null,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    workflowId: event.workflowId ?? null,
    reason: event.reason?.trim() || null,
    detail: event.detail ?? null,
    ip: event.ip ?? null,
    requestId: event.requestId ?? null,
  };
}

type RowValues = ReturnType<typeof rowValues>;
type Stored = { id: string; at: Date };

function unavailable(error: unknown): AuditError {
  return new AuditError('audit_unavailable', 'The audit log could not be written.', { cause: error });
}

/** Writes one row with the given executor: a transaction that changes something and must be audited with it. */
export async function insertAudit(executor: Executor, event: AuditEventInput): Promise<Stored> {
  checkInput(event);
  try {
    const [row] = await executor.insert(auditEvent).values(rowValues(event)).returning({ id: auditEvent.id, at: auditEvent.at });
    return { id: String(row!.id), at: row!.at };
  } catch (error) {
    throw unavailable(error);
  }
}

/** Rows in one multi-row INSERT of the audit log. */
const AUDIT_BATCH_ROWS = 1_000;

/**
 * Writes many rows with the given executor, in order: a transaction that changes many things at once (a hash list
 * import's matches) and must be audited with them.
 */
export async function insertAuditBatch(executor: Pick<Database, 'execute'>, events: readonly AuditEventInput[]): Promise<void> {
  events.forEach(checkInput);
  try {
    for (let start = 0; start < events.length; start += AUDIT_BATCH_ROWS) {
      await insertMany(executor, events.slice(start, start + AUDIT_BATCH_ROWS).map(rowValues));
    }
  } catch (error) {
    throw unavailable(error);
  }
}

// The batch travels as one JSON parameter that the server unpacks: far cheaper than binding a dozen parameters
// per row. Each entry: the row field and its SQL type (the column name comes from the schema).
const BATCH_COLUMNS: readonly (readonly [keyof RowValues, 'text' | 'jsonb'])[] = [
  ['actorId', 'text'],
  ['actorEmail', 'text'],
  ['actorRole', 'text'],
  ['sessionId', 'text'],
  ['action', 'text'],
  ['targetType', 'text'],
  ['targetId', 'text'],
  ['workflowId', 'text'],
  ['reason', 'text'],
  ['detail', 'jsonb'],
  ['ip', 'text'],
  ['requestId', 'text'],
];

/** Inserts rows in the given order (ordinality) and returns their ids and times in that same order. */
async function insertMany(database: Pick<Database, 'execute'>, rows: RowValues[]): Promise<Stored[]> {
  const columnName = (key: keyof RowValues) => auditEvent[key].name;
  const names = sql.join(BATCH_COLUMNS.map(([key]) => sql.identifier(columnName(key))), sql`, `);
  const typed = sql.raw(BATCH_COLUMNS.map(([key, type]) => `"${columnName(key)}" ${type}`).join(', '));
  const payload = JSON.stringify(rows.map((row) => Object.fromEntries(BATCH_COLUMNS.map(([key]) => [columnName(key), row[key]]))));
  const result = await database.execute(sql`
    insert into ${auditEvent} (${names})
    select ${names} from rows from (jsonb_to_recordset(${payload}::jsonb) as (${typed})) with ordinality as batch
    order by batch.ordinality
    returning ${auditEvent.id}, ${auditEvent.at}`);
  // postgres-js answers with an array of rows, PGlite with { rows }.
  const returned = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { id: number | string | bigint; at: Date | string }[];
  return returned.map((row) => ({ id: String(row.id), at: new Date(row.at) }));
}

type Waiting = { values: RowValues; resolve: (stored: Stored) => void; reject: (error: AuditError) => void };

/**
 * Group commit: events appended while a write is in flight go out together in the next multi-row INSERT, one
 * transaction and one WAL flush for all of them. Each caller still waits for its own row to be committed (and gets
 * its own id: PostgreSQL returns the rows of a VALUES list in order), so a reviewer's next event is always written
 * after the previous one, and a failed write fails every caller in it (fail closed). No timer: a lone event waits
 * only for the current turn of the event loop to finish.
 */
class AuditWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly database: Database) {}

  append(values: RowValues): Promise<Stored> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ values, resolve, reject });
      if (this.writing) return;
      this.writing = true;
      // Yield once, so every caller resumed in this same turn (e.g. by the previous batch) joins this batch.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, AUDIT_BATCH_ROWS);
      try {
        const rows = await insertMany(this.database, batch.map((item) => item.values));
        if (rows.length !== batch.length) throw new Error(`audit insert returned ${rows.length} rows for ${batch.length}`);
        batch.forEach((item, index) => item.resolve(rows[index]!));
      } catch (error) {
        for (const item of batch) item.reject(unavailable(error));
      }
    }
    this.writing = false;
  }
}

const writers = new WeakMap<Database, AuditWriter>();

/** Appends one event to the audit log and returns once it is stored. Throws AuditError on any failure. */
export async function appendAudit(event: AuditEventInput): Promise<Stored> {
  checkInput(event);
  let database: Database;
  try {
    database = await db();
  } catch (error) {
    throw new AuditError('audit_unavailable', 'The audit log could not be reached.', { cause: error });
  }
  let writer = writers.get(database);
  if (!writer) writers.set(database, (writer = new AuditWriter(database)));
  return writer.append(rowValues(event));
}

/**
 * Appends a refusal's row (access_denied, reveal_denied, a failed sign-in): best effort, because the refusal stands
 * whether or not it was written; a failed write is logged by name, never with the event.
 */
export async function appendRefusalAudit(event: AuditEventInput): Promise<void> {
  try {
    await appendAudit(event);
  } catch (error) {
    consoleLogger('error', 'audit.write_failed', { action: event.action, error: error instanceof Error ? error.name : 'unknown' });
  }
}

function toRecord(row: typeof auditEvent.$inferSelect): AuditRecord {
  return { ...row, id: String(row.id) };
}

function filterConditions(filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.actor) {
    conditions.push(or(eq(auditEvent.actorId, filter.actor), sql`lower(${auditEvent.actorEmail}) = ${filter.actor.toLowerCase()}`)!);
  }
  if (filter.action) conditions.push(eq(auditEvent.action, filter.action));
  if (filter.targetType) conditions.push(eq(auditEvent.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditEvent.targetId, filter.targetId));
  if (filter.from) conditions.push(gte(auditEvent.at, filter.from));
  if (filter.to) conditions.push(lte(auditEvent.at, filter.to));
  return conditions;
}

export type AuditPage = { limit?: number; /** id of the last row already shown: the page holds older rows */ before?: string };

/** Admin only: one page of events matching the filter, newest first, and the cursor of the next page. */
export async function queryAudit(
  viewer: SessionUser,
  filter: AuditFilter,
  page: AuditPage = {},
): Promise<{ events: AuditRecord[]; nextBefore: string | null }> {
  assertRole(viewer, 'admin');
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50), 1), 200);
  const conditions = filterConditions(filter);
  if (page.before !== undefined) {
    if (!/^\d{1,18}$/.test(page.before)) throw new AuditError('invalid_input', 'page cursor is not a row id');
    conditions.push(lt(auditEvent.id, Number(page.before)));
  }
  const rows = await (await db())
    .select()
    .from(auditEvent)
    .where(and(...conditions))
    .orderBy(desc(auditEvent.id))
    .limit(limit + 1);
  const events = rows.slice(0, limit).map(toRecord);
  return { events, nextBefore: rows.length > limit ? events[events.length - 1]!.id : null };
}

/** Admin only: every matching event, newest first, read in pages so an export never holds the log in memory. */
export async function* streamAudit(viewer: SessionUser, filter: AuditFilter, batchSize = 500): AsyncGenerator<AuditRecord> {
  assertRole(viewer, 'admin');
  let before: string | undefined;
  do {
    const { events, nextBefore } = await queryAudit(viewer, filter, { limit: batchSize, before });
    yield* events;
    before = nextBefore ?? undefined;
  } while (before);
}

export type Reveal = { actorId: string | null; actorEmail: string | null; actorName: string | null; at: Date; targetType: string; targetId: string; reason: string | null };

/**
 * Who revealed a gated item and when, newest first. For a workflow this includes reveals of its blobs and jobs.
 * Moderators and above: the people who reveal media are the ones who need to know it was already looked at.
 */
export async function viewedBy(viewer: SessionUser, targetType: AuditTargetType, targetId: string, limit = 100): Promise<Reveal[]> {
  assertRole(viewer, 'moderator');
  const target = and(eq(auditEvent.targetType, targetType), eq(auditEvent.targetId, targetId));
  return readReveals(targetType === 'workflow' ? or(target, eq(auditEvent.workflowId, targetId)) : target, limit);
}

/** Reveal rows matching `where`, newest first, with the revealer's current name and the workflow they belong to. */
async function readReveals(where: SQL | undefined, limit: number): Promise<(Reveal & { workflowId: string | null })[]> {
  return (await db())
    .select({
      actorId: auditEvent.actorId,
      actorEmail: auditEvent.actorEmail,
      actorName: user.name,
      at: auditEvent.at,
      targetType: auditEvent.targetType,
      targetId: auditEvent.targetId,
      reason: auditEvent.reason,
      workflowId: auditEvent.workflowId,
    })
    .from(auditEvent)
    .leftJoin(user, eq(user.id, auditEvent.actorId))
    .where(and(eq(auditEvent.action, 'reveal'), where))
    .orderBy(desc(auditEvent.id))
    .limit(Math.min(Math.max(limit, 1), 500));
}

/** Who revealed each output of a workflow, grouped by blob (outputs nobody revealed are absent), newest first. */
export async function revealsByOutput(viewer: SessionUser, workflowId: string): Promise<{ blobId: string; reveals: Reveal[] }[]> {
  const byBlob = new Map<string, Reveal[]>();
  for (const reveal of await viewedBy(viewer, 'workflow', workflowId, 500)) {
    if (reveal.targetType !== 'blob') continue;
    byBlob.set(reveal.targetId, [...(byBlob.get(reveal.targetId) ?? []), reveal]);
  }
  return [...byBlob].map(([blobId, reveals]) => ({ blobId, reveals }));
}

/** Who revealed what among a Civitai user's workflows (the id's `<userId>-` prefix), newest first. Moderators and above. */
export async function revealsOnUser(viewer: SessionUser, userId: number, limit: number): Promise<(Reveal & { workflowId: string | null })[]> {
  assertRole(viewer, 'moderator');
  return readReveals(like(auditEvent.workflowId, `${userId}-%`), limit);
}

/** The first instant of the current UTC day: the exposure counter resets at midnight UTC for everyone. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function distinctRevealed() {
  return sql<number>`count(distinct (${auditEvent.targetType} || ':' || ${auditEvent.targetId}))::int`;
}

/** How many distinct gated items a moderator revealed today (UTC). Visible to that moderator and to admins. */
export async function exposureToday(viewer: SessionUser, userId: string, now = new Date()): Promise<number> {
  if (viewer.id !== userId && !roleAtLeast(viewer.role, 'admin')) throw new AuthError('forbidden', 'Only admins see another moderator’s exposure.');
  const [row] = await (await db())
    .select({ count: distinctRevealed() })
    .from(auditEvent)
    .where(and(eq(auditEvent.actorId, userId), eq(auditEvent.action, 'reveal'), gte(auditEvent.at, startOfUtcDay(now))));
  return row?.count ?? 0;
}

/** Admin only: today's exposure of every moderator who revealed anything, by user id. */
export async function exposureTodayByUser(viewer: SessionUser, now = new Date()): Promise<Map<string, number>> {
  assertRole(viewer, 'admin');
  const rows = await (await db())
    .select({ userId: auditEvent.actorId, count: distinctRevealed() })
    .from(auditEvent)
    .where(and(eq(auditEvent.action, 'reveal'), gte(auditEvent.at, startOfUtcDay(now))))
    .groupBy(auditEvent.actorId);
  return new Map(rows.flatMap((row) => (row.userId ? [[row.userId, row.count] as const] : [])));
}

const latest = () => sql<Date | string | null>`max(${auditEvent.at})`;

/**
 * Failed sign-ins for one email from one client address since `since` and since that address last signed in to the
 * account, with the time of the last one: the sign-in back-off (lib/auth/throttle.ts) counts these. Attempts the
 * back-off itself refused do not count, so waiting out the pause is enough.
 */
export async function recentSignInFailures(email: string, ip: string | null, since: Date): Promise<{ count: number; lastAt: Date | null }> {
  const database = await db();
  const fromAddress = ip === null ? isNull(auditEvent.ip) : eq(auditEvent.ip, ip);
  const [success] = await database
    .select({ at: latest() })
    .from(auditEvent)
    .where(and(eq(auditEvent.action, 'sign_in'), sql`lower(${auditEvent.actorEmail}) = ${email}`, fromAddress, gte(auditEvent.at, since)));
  const [row] = await database
    .select({ count: sql<number>`count(*)::int`, lastAt: latest() })
    .from(auditEvent)
    .where(
      and(
        eq(auditEvent.action, 'sign_in_failed'),
        eq(auditEvent.targetType, 'user'),
        eq(auditEvent.targetId, email),
        fromAddress,
        gt(auditEvent.at, success?.at ? new Date(success.at) : since),
        sql`coalesce(${auditEvent.detail}->>'reason', '') <> 'account_throttled'`,
      ),
    );
  return { count: row?.count ?? 0, lastAt: row?.lastAt ? new Date(row.lastAt) : null };
}
