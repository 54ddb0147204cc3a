import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { PERMISSIONS } from '@/lib/auth/roles';
import { startOfUtcDay } from '@/lib/audit/audit';
import { assertRole, type SessionUser } from '@/lib/auth/session-user';
import { db } from '@/lib/db/client';
import type { CsamThresholds, ScoreBand } from '@/lib/moderation/scan';
import { DECISION_KINDS, reviewTag } from '@/lib/review/decision';
import { QUEUE_PRESET_IDS, QUEUE_PRESETS, RECENT_WINDOW_MS, type QueuePresetId } from '@/lib/review/queue';
import { riskRankSql } from '@/lib/risk-index/list';
import { windowStart, type OverviewWindow } from '@/lib/risk-index/overview-window';
import { rowsOf } from '@/lib/risk-index/work';
import type { DailyReveals, PresetBacklog, ReviewerDecisions, Reversal, TeamStats } from './stats-types';

/**
 * The leads' view: what waits in each queue preset now, by band (from the risk index, each preset over its own scope,
 * as the queue collects it); and over a window (24 h, 7 d, 30 d) what was decided and how fast after completion, each
 * reviewer's decisions with their split and reversals (from the figures each decision keeps, decided_workflow and
 * reviewer_day), and each reviewer's reveals per UTC day with tier 3 apart (from the audit log). Senior and admin only.
 */

/** Reversals listed by workflow, newest first, so a lead can open them. */
const LATEST_REVERSALS = 50;

const DAY_MS = 86_400_000;

/** A workflow's worst band, in the order the lists rank risk: above, then unreadable, then near. */
const workflowBandSql = (thresholds: CsamThresholds) =>
  sql<ScoreBand>`(case ${riskRankSql(thresholds)} when 3 then 'above' when 2 then 'unknown' when 1 then 'near' else 'below' end)`;

/** The latest row of each decision subject, what is in force: no later version (an anti-join on the subject index). */
const IN_FORCE = sql`not exists (select 1 from review_decisions later where later.subject_key = d.subject_key and later.version > d.version)`;

const REVIEW_TAGS = DECISION_KINDS.map((kind) => reviewTag(kind));

/** Each preset's waiting workflows now, as `band` rows the backlog counts: what the queue would collect. */
function presetBacklogSql(preset: QueuePresetId, now: Date, thresholds: CsamThresholds): SQL {
  const band = workflowBandSql(thresholds);
  switch (preset) {
    case 'unreviewed-csam':
      // The CSAM queue's rule: the last 24 h, near, above or unreadable; no decision here, no review tag upstream.
      return sql`select ${band} as band from indexed_workflow w
        where w.created_at >= ${new Date(now.getTime() - RECENT_WINDOW_MS).toISOString()}::timestamptz and (w.worst_csam >= ${thresholds.near} or w.unreadable_outputs > 0)
          and not exists (select 1 from unnest(w.tags) tag where lower(tag) in (${sql.join(REVIEW_TAGS.map((tag) => sql`${tag}`), sql`, `)}))
          and not exists (select 1 from review_decisions d where d.workflow_id = w.id and d.kind is not null and ${IN_FORCE})`;
    case 'escalated-to-me':
      // Escalations still in force (every senior's, as a lead sees them); a workflow the index does not hold is "unknown".
      return sql`select coalesce(${band}, 'unknown') as band from review_decisions d left join indexed_workflow w on w.id = d.workflow_id
        where d.blob_id is null and d.kind = 'escalated' and ${IN_FORCE}`;
    case 'pending-moderation-gates':
      return sql`select ${band} as band from indexed_workflow w where w.pending_moderation_gate`;
    case 'hash-match':
      // Every workflow with an output matching an imported hash list, as the preset collects them.
      return sql`select ${band} as band from indexed_workflow w
        where exists (select 1 from hash_match m join indexed_output o on o.blob_id = m.blob_id where o.workflow_id = w.id)`;
  }
}

async function backlog(now: Date, thresholds: CsamThresholds): Promise<PresetBacklog[]> {
  const database = await db();
  return Promise.all(
    QUEUE_PRESET_IDS.map(async (preset) => {
      const rows = rowsOf(await database.execute(sql`select band, count(*)::int as n from (${presetBacklogSql(preset, now, thresholds)}) b group by band`));
      const bands: Record<ScoreBand, number> = { below: 0, near: 0, above: 0, unknown: 0 };
      for (const row of rows) bands[row.band as ScoreBand] = Number(row.n);
      return { preset, label: QUEUE_PRESETS[preset].label, bands, total: Object.values(bands).reduce((sum, n) => sum + n, 0) };
    }),
  );
}

/**
 * The window's decided workflows, from one scan of decided_workflow: those whose latest decision is in the window
 * (the distinct workflows its decisions were on), and completion → first decision over those whose first decision is
 * in it and whose completion is known. A workflow completes once, so its completion is copied when the index holds it
 * at decision time (and kept if retention later drops the workflow from the index); only the few decided before the
 * index stored them are looked up now. Joining the whole window instead cost 90,000 lookups, and their estimate alone
 * made PostgreSQL JIT-compile the query (170 ms).
 */
async function decidedWorkflows(since: string): Promise<{ workflows: number; timeToFirstDecision: TeamStats['timeToFirstDecision'] }> {
  const timed = sql`at >= ${since}::timestamptz and completed_at <= at`;
  const [row] = rowsOf(
    await (await db()).execute(sql`
      with decided as (
        select first_decided_at as at, completed_at from decided_workflow
         where last_decided_at >= ${since}::timestamptz and completed_at is not null
        union all
        select f.first_decided_at, w.completed_at from decided_workflow f left join indexed_workflow w on w.id = f.workflow_id
         where f.last_decided_at >= ${since}::timestamptz and f.completed_at is null)
      select count(*)::int as workflows, count(*) filter (where ${timed})::int as timed,
             percentile_cont(0.5) within group (order by extract(epoch from at - completed_at)) filter (where ${timed}) as p50,
             percentile_cont(0.9) within group (order by extract(epoch from at - completed_at)) filter (where ${timed}) as p90
        from decided`),
  );
  const seconds = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value)));
  return {
    workflows: Number(row?.workflows ?? 0),
    timeToFirstDecision: { workflows: Number(row?.timed ?? 0), p50Seconds: seconds(row?.p50), p90Seconds: seconds(row?.p90) },
  };
}

/** `p` is the decision `d` replaced on the same subject (`version - 1`); `d` reversed it when their verdicts differ. */
const REPLACED = sql`p.subject_key = d.subject_key and p.version = d.version - 1`;
const REVERSED = sql`p.kind is not null and p.kind <> d.kind`;

/**
 * Decisions of the window: per reviewer (their split and reversals) and in all (the grand-total row of the grouping
 * sets, whose reviewer is null), from the reviewers' UTC days inside the window plus the decisions themselves from
 * its start to the first midnight.
 */
async function decisionsOfWindow(since: string): Promise<{ decisions: number; reviewers: ReviewerDecisions[]; reversalCount: number }> {
  const start = new Date(since);
  const midnight = startOfUtcDay(start);
  const firstWholeDay = midnight.getTime() === start.getTime() ? midnight : new Date(midnight.getTime() + DAY_MS);
  const split = await (await db()).execute(sql`
      with counted as (
        select reviewer_id as id, reviewer_name as name, reviewer_email as email, decisions, ok, flagged, escalated, reversals
          from reviewer_day where day >= ${firstWholeDay.toISOString().slice(0, 10)}::date
        union all
        select d.decided_by_id, d.decided_by_name, d.decided_by_email, 1, (d.kind = 'ok')::int, (d.kind = 'flagged')::int,
               (d.kind = 'escalated')::int,
               -- Probed per row on the subject index: a join hashed every decision for at most a day of them.
               (exists (select 1 from review_decisions p where ${REPLACED} and ${REVERSED}))::int
          from review_decisions d
         where d.action = 'decide' and d.decided_at >= ${since}::timestamptz and d.decided_at < ${firstWholeDay.toISOString()}::timestamptz)
      select id, max(name) as name, max(email) as email, sum(decisions)::int as decisions, sum(ok)::int as ok,
             sum(flagged)::int as flagged, sum(escalated)::int as escalated, sum(reversals)::int as reversals
        from counted group by grouping sets ((id), ())`);
  const splitRows = rowsOf(split);
  const total = splitRows.find((row) => row.id === null);
  const reviewers = splitRows
    .filter((row) => row.id !== null)
    .map((row) => ({
      id: String(row.id),
      name: String(row.name),
      email: String(row.email),
      decisions: Number(row.decisions),
      ok: Number(row.ok),
      flagged: Number(row.flagged),
      escalated: Number(row.escalated),
      reversals: Number(row.reversals),
    }))
    .sort((a, b) => b.decisions - a.decisions || a.name.localeCompare(b.name));
  return {
    decisions: Number(total?.decisions ?? 0),
    reviewers,
    reversalCount: Number(total?.reversals ?? 0),
  };
}

async function latestReversals(since: string): Promise<Reversal[]> {
  const latest = await (await db()).execute(sql`
    select d.workflow_id, d.decided_by_name as by, p.kind as from_kind, d.kind as to_kind, d.decided_at as at
      from review_decisions d
      -- Newest first, each probed on the subject index until enough are found: as a join, the planner (expecting few
      -- reversals) hashed every decision of the window (99 ms on PGlite at 30 days).
      cross join lateral (select p.kind from review_decisions p where ${REPLACED} and ${REVERSED} limit 1) p
     where d.action = 'decide' and d.decided_at >= ${since}::timestamptz
     order by d.decided_at desc limit ${LATEST_REVERSALS}`);
  return rowsOf(latest).map((row) => ({
      workflowId: String(row.workflow_id),
      by: String(row.by),
      from: String(row.from_kind),
      to: String(row.to_kind),
      at: new Date(row.at as string).toISOString(),
  }));
}

/** Reveals per reviewer per UTC day; a reveal's tier is in its audit row (a row without one counts as tier 3). */
async function reveals(since: string): Promise<DailyReveals[]> {
  const rows = rowsOf(
    await (await db()).execute(sql`
      select a.actor_id as id, max(coalesce(u.name, a.actor_email)) as name, max(a.actor_email) as email,
             to_char(a.at at time zone 'UTC', 'YYYY-MM-DD') as day,
             count(*) filter (where coalesce(a.detail->>'tier', '3') <> '3')::int as revealed,
             count(*) filter (where coalesce(a.detail->>'tier', '3') = '3')::int as tier3
        from audit_event a left join "user" u on u.id = a.actor_id
       where a.action = 'reveal' and a.at >= ${since}::timestamptz and a.actor_id is not null
       group by a.actor_id, day
       order by day desc, name`),
  );
  return rows.map((row) => ({
    reviewerId: String(row.id),
    name: String(row.name ?? row.email ?? row.id),
    email: String(row.email ?? ''),
    day: String(row.day),
    revealed: Number(row.revealed),
    tier3: Number(row.tier3),
  }));
}

export async function readTeamStats(viewer: SessionUser, window: OverviewWindow, thresholds: CsamThresholds, now = new Date()): Promise<TeamStats> {
  assertRole(viewer, PERMISSIONS.readTeamStats);
  const since = windowStart(window, now).toISOString();
  const [waiting, decisions, decided, latest, revealDays] = await Promise.all([
    backlog(now, thresholds),
    decisionsOfWindow(since),
    decidedWorkflows(since),
    latestReversals(since),
    reveals(since),
  ]);
  return {
    window,
    since,
    at: now.toISOString(),
    backlog: waiting,
    decided: { workflows: decided.workflows, decisions: decisions.decisions },
    timeToFirstDecision: decided.timeToFirstDecision,
    reviewers: decisions.reviewers,
    reversals: { count: decisions.reversalCount, latest },
    reveals: revealDays,
  };
}
