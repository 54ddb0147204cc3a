import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import type { CsamThresholds } from '@/lib/moderation/scan';
import type { ListRequest } from '@/lib/orchestrator/list-query';
import { filterSql, LIST_ITEM_COLUMNS, minRiskSql, toListItem, type IndexedListItem, type IndexedRow } from './list';
import { rowsOf } from './work';

/**
 * What the index learnt since a point: the live queue's source. A point is the (indexed_at, id) of a row, so a
 * stream resumes exactly where it stopped (Last-Event-ID) whichever console instance wrote the rows in between.
 * Re-indexing a workflow moves it forward, so a workflow that becomes riskier is news again.
 */

export interface LiveCursor {
  at: Date;
  id: string;
}

/** `<epoch ms>~<workflow id>`: short enough for a header, and nothing a client could learn from. */
export const encodeCursor = (cursor: LiveCursor) => `${cursor.at.getTime()}~${cursor.id}`;

export const LiveCursorSchema = z
  .string()
  .max(200)
  .regex(/^\d{1,15}~[\w.:-]{0,120}$/, 'must be a cursor this console gave out')
  .transform((text): LiveCursor => {
    const split = text.indexOf('~');
    return { at: new Date(Number(text.slice(0, split))), id: text.slice(split + 1) };
  });

/** The newest point of the index (the epoch when it is empty). */
export async function indexHead(): Promise<LiveCursor> {
  const database = await db();
  const [row] = rowsOf(await database.execute(sql`select indexed_at, id from indexed_workflow order by indexed_at desc, id desc limit 1`));
  return row ? { at: new Date(row.indexed_at as string | Date), id: String(row.id) } : { at: new Date(0), id: '' };
}

/**
 * Workflows indexed after `after` and up to `upTo` that a list request would show (its filters and risk floor;
 * ordering and paging are the caller's), oldest first, at most `limit`; `last` is where the next call resumes.
 */
export async function indexedBetween(
  request: ListRequest,
  after: LiveCursor,
  upTo: LiveCursor,
  thresholds: CsamThresholds,
  limit: number,
): Promise<{ items: IndexedListItem[]; last: LiveCursor | null }> {
  const where = filterSql(request.search);
  const minRisk = request.risk?.minRisk ? minRiskSql(request.risk.minRisk, thresholds) : null;
  if (minRisk) where.push(minRisk);
  where.push(sql`(indexed_at, id) > (${after.at.toISOString()}::timestamptz, ${after.id})`);
  where.push(sql`(indexed_at, id) <= (${upTo.at.toISOString()}::timestamptz, ${upTo.id})`);
  const database = await db();
  const rows = rowsOf(
    await database.execute(sql`
      select ${LIST_ITEM_COLUMNS}, indexed_at from indexed_workflow
       where ${sql.join(where, sql` and `)}
       order by indexed_at asc, id asc
       limit ${limit}`),
  ) as unknown as (IndexedRow & { indexed_at: Date | string })[];
  const lastRow = rows.length === limit ? rows[rows.length - 1] : undefined;
  return {
    items: rows.map((row) => toListItem(row, thresholds)),
    last: lastRow ? { at: new Date(lastRow.indexed_at), id: lastRow.id } : null,
  };
}
