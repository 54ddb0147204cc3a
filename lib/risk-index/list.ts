import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { listRisk, type ListRisk } from '@/lib/moderation/read-model';
import type { CsamThresholds } from '@/lib/moderation/scan';
import type { CallContext } from '@/lib/orchestrator/client';
import { fingerprint } from '@/lib/orchestrator/cursor';
import { listCursors } from '@/lib/orchestrator/console-client';
import type { ListRequest, RiskQuery } from '@/lib/orchestrator/list-query';
import { FAILED_STATUSES, type WorkflowStatus } from '@/lib/orchestrator/schemas';
import { searchWorkflows } from '@/lib/orchestrator/upstream-reads';
import type { Workflow, WorkflowPage } from '@/lib/orchestrator/types';
import type { WorkflowSearch } from '@/lib/orchestrator/workflows';
import { indexedRiskFacts } from './store';
import { rowsOf } from './work';

/**
 * GET /api/workflows with risk. Without `minRisk`/`sort` the upstream answers, and each workflow gets the risk the
 * index holds for it (`pending` when it holds none). With either, the index answers, across every indexed owner,
 * with the other filters applied in SQL and keyset paging behind a signed cursor. Bands come from the stored
 * percents and the thresholds in force, by the same ranking as `listRisk` (riskBandSql mirrors it).
 */

/** A workflow of the upstream list, with its indexed risk. */
export type WorkflowWithRisk = Workflow & { risk: ListRisk };

/** A workflow as the index holds it: enough for a list row (the full workflow is the drill-down's). */
export interface IndexedListItem {
  id: string;
  ownerId: number | null;
  endUser: string | null;
  createdAt: string;
  completedAt: string | null;
  status: WorkflowStatus;
  tags: string[];
  outputCount: number;
  risk: ListRisk;
}

interface PageCounts {
  next: string | null;
  scanned: number;
  unreadable: number;
  upstreamCalls: number;
  filled: boolean;
}

/** The answer of GET /api/workflows: `source` says which list answered and so which item shape it holds. */
export type RiskListPage = ({ source: 'upstream'; items: WorkflowWithRisk[] } | { source: 'index'; items: IndexedListItem[] }) & PageCounts;

/** The upstream page with each workflow's indexed risk. */
export async function withRisk(page: WorkflowPage, thresholds: CsamThresholds): Promise<RiskListPage> {
  const facts = await indexedRiskFacts(page.items.map((workflow) => workflow.id));
  return { ...page, source: 'upstream', items: page.items.map((workflow) => ({ ...workflow, risk: listRisk(facts.get(workflow.id), thresholds) })) };
}

/** The band of an indexed workflow in SQL: the same ranking as `listRisk` (above, then unscanned, then near). */
export function riskBandSql(thresholds: CsamThresholds): SQL<string> {
  return sql<string>`case when worst_csam >= ${thresholds.above} then 'above'
    when unreadable_outputs > 0 then 'unscanned'
    when worst_csam >= ${thresholds.near} then 'near'
    else 'below' end`;
}

/**
 * The band of one indexed output in SQL: `scoreBand` of its percent when its scan was read and its score readable,
 * else `unknown` (the same rule as the store's toOutputRisk). A percent outside 0–100 (or NaN) is unknown, as there.
 */
export function outputBandSql(thresholds: CsamThresholds): SQL<string> {
  return sql<string>`case when not coalesce(scan_read and csam_readable and csam_percent >= 0 and csam_percent <= 100, false) then 'unknown'
    when csam_percent >= ${thresholds.above} then 'above'
    when csam_percent >= ${thresholds.near} then 'near'
    else 'below' end`;
}

/** Severity for ordering, from the same conditions: above 3, unscanned 2, near 1, below 0. */
export function riskRankSql(thresholds: CsamThresholds): SQL<number> {
  return sql<number>`(case when worst_csam >= ${thresholds.above} then 3
    when unreadable_outputs > 0 then 2
    when worst_csam >= ${thresholds.near} then 1
    else 0 end)`;
}

/** Written so the planner can use the partial risk indexes: `above` is worst_csam alone. */
export function minRiskSql(minRisk: RiskQuery['minRisk'], thresholds: CsamThresholds): SQL | null {
  if (minRisk === 'above') return sql`worst_csam >= ${thresholds.above}`;
  // Near or above, and anything unscanned: never safe.
  if (minRisk === 'near') return sql`(worst_csam >= ${thresholds.near} or unreadable_outputs > 0)`;
  return null;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export function filterSql(search: WorkflowSearch): SQL[] {
  const where: SQL[] = [];
  if (search.userId) where.push(sql`owner_id = ${Number(search.userId)}`);
  if (search.tags.length) where.push(sql`tags @> ${`{${search.tags.map((tag) => JSON.stringify(tag)).join(',')}}`}::text[]`);
  if (search.q) where.push(sql`metadata_text like ${likePattern(search.q)}`);
  if (search.from) where.push(sql`created_at >= ${search.from}::timestamptz`);
  if (search.to) where.push(sql`created_at <= ${search.to}::timestamptz`);
  if (search.status) where.push(sql`status = ${search.status}`);
  if (search.excludeFailed) where.push(sql`status not in (${sql.join([...FAILED_STATUSES].map((status) => sql`${status}`), sql`, `)})`);
  return where;
}

/** Where the next page starts: the last row's sort key. */
type Keyset = [rank: number, csam: number, createdAt: string, id: string];

export interface IndexedRow {
  id: string;
  owner_id: number | string | null;
  end_user: string | null;
  created_at: Date | string;
  completed_at: Date | string | null;
  status: string;
  tags: string[];
  output_count: number;
  worst_csam: number | null;
  unreadable_outputs: number;
  rank: number;
  csam: number;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The columns {@link toListItem} reads, for every query that answers list items from the index. */
export const LIST_ITEM_COLUMNS = sql.raw('id, owner_id, end_user, created_at, completed_at, status, tags, output_count, worst_csam, unreadable_outputs');

export function toListItem(row: Omit<IndexedRow, 'rank' | 'csam'>, thresholds: CsamThresholds): IndexedListItem {
  return {
    id: row.id,
    ownerId: row.owner_id === null ? null : Number(row.owner_id),
    endUser: row.end_user,
    createdAt: iso(row.created_at),
    completedAt: row.completed_at === null ? null : iso(row.completed_at),
    status: row.status as WorkflowStatus,
    tags: row.tags,
    outputCount: Number(row.output_count),
    risk: listRisk({ worstCsam: row.worst_csam === null ? null : Number(row.worst_csam), unreadableOutputs: Number(row.unreadable_outputs) }, thresholds),
  };
}

/** One page from the index for a risk filter or order; `next` resumes after the last row, whatever is added meanwhile. */
export async function listFromIndex(request: ListRequest, thresholds: CsamThresholds): Promise<RiskListPage> {
  const risk = request.risk ?? { minRisk: null, sort: null };
  const codec = listCursors();
  const filterPrint = fingerprint({ search: request.search, risk, thresholds, source: 'index' });
  const after = request.cursor ? (JSON.parse(codec.decode(request.cursor, filterPrint).upstreamCursor ?? 'null') as Keyset | null) : null;
  const bySeverity = risk.sort === 'risk';
  const oldestFirst = !bySeverity && request.search.order === 'oldest';
  const rank = riskRankSql(thresholds);
  const where = filterSql(request.search);
  const minRisk = minRiskSql(risk.minRisk, thresholds);
  if (minRisk) where.push(minRisk);
  if (after) {
    const [afterRank, afterCsam, afterCreated, afterId] = after;
    if (bySeverity) where.push(sql`(${rank}, coalesce(worst_csam, -1), created_at, id) < (${afterRank}, ${afterCsam}, ${afterCreated}::timestamptz, ${afterId})`);
    else if (oldestFirst) where.push(sql`(created_at, id) > (${afterCreated}::timestamptz, ${afterId})`);
    else where.push(sql`(created_at, id) < (${afterCreated}::timestamptz, ${afterId})`);
  }
  const order = bySeverity
    ? sql`${rank} desc, coalesce(worst_csam, -1) desc, created_at desc, id desc`
    : oldestFirst
      ? sql`created_at asc, id asc`
      : sql`created_at desc, id desc`;
  const database = await db();
  const rows = rowsOf(
    await database.execute(sql`
      select ${LIST_ITEM_COLUMNS}, ${rank} as rank, coalesce(worst_csam, -1) as csam
        from indexed_workflow
       ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
       order by ${order}
       limit ${request.take + 1}`),
  ) as unknown as IndexedRow[];
  const page = rows.slice(0, request.take);
  const last = page[page.length - 1];
  const next =
    rows.length > request.take && last
      ? codec.encode({ upstreamCursor: JSON.stringify([Number(last.rank), Number(last.csam), iso(last.created_at), last.id]), offset: 0, lastId: last.id, upstreamTake: request.take }, filterPrint)
      : null;
  const items = page.map((row) => toListItem(row, thresholds));
  return { source: 'index', items, next, scanned: items.length, unreadable: 0, upstreamCalls: 0, filled: true };
}

/** GET /api/workflows: the index when a risk filter or order is asked for, else the upstream with risk attached. */
export async function listWorkflowsWithRisk(request: ListRequest, ctx: CallContext, thresholds: CsamThresholds): Promise<RiskListPage> {
  if (request.risk) return listFromIndex(request, thresholds);
  return withRisk(await searchWorkflows(request, ctx), thresholds);
}
