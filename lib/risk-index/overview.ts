import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import type { CsamThresholds, ScoreBand } from '@/lib/moderation/scan';
import { outputBandSql } from './list';
import { windowStart, type OverviewWindow } from './overview-window';
import { indexFreshness, type IndexFreshness } from './status';
import { rowsOf } from './work';

/**
 * The risk overview, the moderators' landing page, from the index alone: over a window (by workflow creation time,
 * copied onto each output), how many outputs fall in each CSAM band, and the riskiest Civitai users and end users.
 * Bands come from the stored percents and the thresholds in force (outputBandSql), never from stored bands.
 */

/** Rows of each riskiest-users table. */
export const RISKIEST_LIMIT = 20;

export interface RiskyUser {
  /** Civitai user id (digits) or the end user of the `user:<id>` tag. */
  id: string;
  /** Highest readable CSAM percent of the user's outputs in the window; null when none was readable. */
  worstCsam: number | null;
  near: number;
  above: number;
  /** Workflows at near or above (or with an unreadable output) that no moderator has decided on. */
  unreviewed: number;
}

export interface CivitaiRiskyUser extends RiskyUser {
  /** The index follows this user through the manager list. */
  watched: boolean;
}

export interface RiskOverview {
  window: OverviewWindow;
  /** The window's first instant (inclusive) and the time it was read. */
  since: string;
  at: string;
  thresholds: CsamThresholds;
  /** Outputs per band in the window. */
  bands: Record<ScoreBand, number>;
  civitaiUsers: CivitaiRiskyUser[];
  endUsers: RiskyUser[];
  index: IndexFreshness;
}

type UserKey = 'owner_id' | 'end_user';

/** An output whose readable score is near or above, written so the planner can use the partial risk index. */
const riskyOutputSql = (thresholds: CsamThresholds) =>
  sql`o.csam_percent >= ${thresholds.near} and o.csam_percent <= 100 and o.scan_read and o.csam_readable`;

/** The workflows the list's `minRisk=near` shows: near or above, or an unreadable output (never safe). */
const reviewWorthySql = (thresholds: CsamThresholds) => sql`(w.worst_csam >= ${thresholds.near} or w.unreadable_outputs > 0)`;

/** No decision in force on the workflow or any of its outputs (the latest row of each subject has no kind). */
const undecidedSql = sql`not exists (
  select 1 from review_decisions d
   where d.workflow_id = w.id and d.kind is not null
     and d.version = (select max(x.version) from review_decisions x where x.subject_key = d.subject_key))`;

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

async function bandCounts(since: Date, thresholds: CsamThresholds): Promise<Record<ScoreBand, number>> {
  const database = await db();
  const rows = rowsOf(
    await database.execute(sql`
      select band, count(*)::int as n
        from (select ${outputBandSql(thresholds)} as band from indexed_output where created_at >= ${since.toISOString()}::timestamptz) b
       group by band`),
  );
  const counts: Record<ScoreBand, number> = { below: 0, near: 0, above: 0, unknown: 0 };
  for (const row of rows) counts[row.band as ScoreBand] = Number(row.n);
  return counts;
}

/**
 * The riskiest users by one key, worst score first, then most outputs above, then near. Users with an output near or
 * above come from the outputs the partial risk index holds; only when fewer than the limit have one are the rest
 * filled with the other users of the window, by their worst score.
 */
async function riskiestBy(key: UserKey, since: Date, thresholds: CsamThresholds): Promise<RiskyUser[]> {
  const database = await db();
  const column = sql.raw(`w.${key}`);
  const from = sql`${since.toISOString()}::timestamptz`;
  const risky = rowsOf(
    await database.execute(sql`
      select ${column}::text as id, max(r.worst) as worst, sum(r.above)::int as above, sum(r.near)::int as near
        from (select o.workflow_id, max(o.csam_percent) as worst,
                     count(*) filter (where o.csam_percent >= ${thresholds.above}) as above,
                     count(*) filter (where o.csam_percent < ${thresholds.above}) as near
                from indexed_output o
               where o.created_at >= ${from} and ${riskyOutputSql(thresholds)}
               group by o.workflow_id) r
        join indexed_workflow w on w.id = r.workflow_id
       where ${column} is not null
       group by ${column}
       order by worst desc, above desc, near desc, id
       limit ${RISKIEST_LIMIT}`),
  );
  const users: RiskyUser[] = risky.map((row) => ({ id: String(row.id), worstCsam: num(row.worst), near: Number(row.near), above: Number(row.above), unreviewed: 0 }));
  if (users.length < RISKIEST_LIMIT) {
    const rest = rowsOf(
      await database.execute(sql`
        select ${column}::text as id, max(w.worst_csam) as worst
          from indexed_workflow w
         where w.created_at >= ${from} and ${column} is not null
           ${users.length ? sql`and ${column}::text not in (${sql.join(users.map((user) => sql`${user.id}`), sql`, `)})` : sql``}
         group by ${column}
         order by worst desc nulls last, id
         limit ${RISKIEST_LIMIT - users.length}`),
    );
    users.push(...rest.map((row) => ({ id: String(row.id), worstCsam: num(row.worst), near: 0, above: 0, unreviewed: 0 })));
  }
  if (users.length === 0) return users;
  const unreviewed = rowsOf(
    await database.execute(sql`
      select ${column}::text as id, count(*)::int as n
        from indexed_workflow w
       where ${keyIn(key, users)} and w.created_at >= ${from} and ${reviewWorthySql(thresholds)} and ${undecidedSql}
       group by ${column}`),
  );
  const byId = new Map(unreviewed.map((row) => [String(row.id), Number(row.n)]));
  return users.map((user) => ({ ...user, unreviewed: byId.get(user.id) ?? 0 }));
}

/** `w.<key> in (…)` typed as the column is, so the owner and end-user indexes serve it. */
function keyIn(key: UserKey, users: readonly RiskyUser[]): SQL {
  const ids = users.map((user) => (key === 'owner_id' ? sql`${Number(user.id)}` : sql`${user.id}`));
  return sql`${sql.raw(`w.${key}`)} in (${sql.join(ids, sql`, `)})`;
}

async function watchedAmong(userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const database = await db();
  const rows = rowsOf(
    await database.execute(sql`select user_id::text as id from watched_user where user_id in (${sql.join(userIds.map((id) => sql`${Number(id)}`), sql`, `)})`),
  );
  return new Set(rows.map((row) => String(row.id)));
}

export async function readRiskOverview(window: OverviewWindow, thresholds: CsamThresholds, now = new Date()): Promise<RiskOverview> {
  const since = windowStart(window, now);
  const [bands, civitai, endUsers, index] = await Promise.all([
    bandCounts(since, thresholds),
    riskiestBy('owner_id', since, thresholds),
    riskiestBy('end_user', since, thresholds),
    indexFreshness(),
  ]);
  const watched = await watchedAmong(civitai.map((user) => user.id));
  return {
    window,
    since: since.toISOString(),
    at: now.toISOString(),
    thresholds,
    bands,
    civitaiUsers: civitai.map((user) => ({ ...user, watched: watched.has(user.id) })),
    endUsers,
    index,
  };
}
