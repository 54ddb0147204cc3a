import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { listRisk } from '@/lib/moderation/read-model';
import type { CsamThresholds } from '@/lib/moderation/scan';
import type { WorkflowStatus } from '@/lib/orchestrator/schemas';
import { levelCounts, scoreDistribution, TOP_RISKY_WORKFLOWS, TOP_TAGS, type UserRisk } from '@/lib/users/risk';
import { riskRankSql } from '@/lib/risk-index/list';
import { rowsOf } from '@/lib/risk-index/work';

/**
 * A Civitai user's risk overview from the index alone (no upstream read): four grouped queries over the user's
 * rows (`indexed_workflow_owner`, then `indexed_output_workflow`), whatever the length of their history. Bands
 * are derived from the stored facts with the thresholds in force: outputs' by `scoreBand` (lib/users/risk),
 * workflows' by the read model's `listRisk`.
 */

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export async function readUserRisk(userId: string, thresholds: CsamThresholds): Promise<UserRisk> {
  const owner = Number(userId);
  const database = await db();
  const statusRows = rowsOf(
    await database.execute(sql`
      select status, count(*)::int as workflows, coalesce(sum(output_count), 0)::int as outputs,
             min(created_at) as first, max(created_at) as last, max(indexed_at) as indexed
        from indexed_workflow where owner_id = ${owner} group by status order by 2 desc, 1`),
  );
  // An output's score counts only when its scan was read and its score readable (the store's toOutputRisk rule);
  // otherwise it is grouped as null, which scoreBand reads as unknown.
  const scoreRows = rowsOf(
    await database.execute(sql`
      select case when o.scan_read and o.csam_readable then o.csam_percent end as percent, o.nsfw_level as level, count(*)::int as n
        from indexed_workflow w join indexed_output o on o.workflow_id = w.id
       where w.owner_id = ${owner}
       group by 1, 2`),
  );
  const riskiestRows = rowsOf(
    await database.execute(sql`
      select id, created_at, status, output_count, worst_csam, unreadable_outputs
        from indexed_workflow where owner_id = ${owner}
       order by ${riskRankSql(thresholds)} desc, coalesce(worst_csam, -1) desc, created_at desc, id desc
       limit ${TOP_RISKY_WORKFLOWS}`),
  );
  const tagRows = rowsOf(
    await database.execute(sql`
      select tag, count(*)::int as n from indexed_workflow, unnest(tags) as tag
       where owner_id = ${owner} group by tag order by 2 desc, 1 limit ${TOP_TAGS}`),
  );

  const dates = (key: string) => statusRows.map((row) => iso(row[key] as Date | string | null)).filter((value): value is string => value !== null).sort();
  const percentOf = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  const { histogram, bands } = scoreDistribution(
    scoreRows.map((row) => ({ percent: percentOf(row.percent), count: Number(row.n) })),
    thresholds,
  );
  return {
    userId,
    workflowCount: statusRows.reduce((sum, row) => sum + Number(row.workflows), 0),
    outputCount: statusRows.reduce((sum, row) => sum + Number(row.outputs), 0),
    byStatus: statusRows.map((row) => ({ status: String(row.status), count: Number(row.workflows) })),
    byLevel: levelCounts(scoreRows.map((row) => ({ level: row.level === null ? null : String(row.level), count: Number(row.n) }))),
    bands,
    histogram,
    riskiest: riskiestRows.map((row) => ({
      id: String(row.id),
      createdAt: iso(row.created_at as Date | string)!,
      status: row.status as WorkflowStatus,
      outputCount: Number(row.output_count),
      risk: listRisk({ worstCsam: percentOf(row.worst_csam), unreadableOutputs: Number(row.unreadable_outputs) }, thresholds),
    })),
    tags: tagRows.map((row) => ({ tag: String(row.tag), count: Number(row.n) })),
    firstActivity: dates('first')[0] ?? null,
    lastActivity: dates('last').at(-1) ?? null,
    lastIndexedAt: dates('indexed').at(-1) ?? null,
  };
}
