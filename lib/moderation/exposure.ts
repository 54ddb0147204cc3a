import 'server-only';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { appendAudit, startOfUtcDay } from '@/lib/audit/audit';
import { PERMISSIONS } from '@/lib/auth/roles';
import { assertRole, type SessionUser } from '@/lib/auth/session-user';
import { db } from '@/lib/db/client';
import { auditEvent, user } from '@/lib/db/schema';
import { ConsoleError } from '@/lib/console-error';
import { env } from '@/lib/env';
import type { RequestMeta } from '@/lib/request/request-meta';

/**
 * The exposure limit (REVEAL_DAILY_CAP, optional): a reviewer's tier-2/3 reveals per UTC day. At the cap the console
 * suggests a break and a senior may allow more for the rest of the day; both the reveals and the approvals are audit
 * rows, so the count is the audit log's and survives restarts and instances.
 */

export interface ExposureAllowance {
  /** Tier-2/3 reveals today. */
  revealed: number;
  /** The cap plus what seniors approved today. */
  allowed: number;
}

/** Today's tier-2/3 reveals and allowance of a reviewer, or null when no cap is configured. */
export async function exposureAllowance(reviewerId: string, now = new Date(), cap = env().REVEAL_DAILY_CAP): Promise<ExposureAllowance | null> {
  if (cap === undefined) return null;
  const [row] = await (await db())
    .select({
      revealed: sql<number>`count(*) filter (where ${auditEvent.action} = 'reveal' and coalesce(${auditEvent.detail}->>'tier', '3') in ('2', '3'))::int`,
      approved: sql<number>`coalesce(sum((${auditEvent.detail}->>'extra')::int) filter (where ${auditEvent.action} = 'exposure_approval'), 0)::int`,
    })
    .from(auditEvent)
    .where(
      and(
        inArray(auditEvent.action, ['reveal', 'exposure_approval']),
        gte(auditEvent.at, startOfUtcDay(now)),
        sql`(case when ${auditEvent.action} = 'reveal' then ${auditEvent.actorId} = ${reviewerId} else ${auditEvent.targetId} = ${reviewerId} end)`,
      ),
    );
  return { revealed: row?.revealed ?? 0, allowed: cap + (row?.approved ?? 0) };
}

/** A senior allows a reviewer `extra` more tier-2/3 reveals today: audited, the audit row is the approval. */
export async function approveExposure(senior: SessionUser, reviewerId: string, extra: number, reason: string, meta: RequestMeta): Promise<ExposureAllowance | null> {
  assertRole(senior, PERMISSIONS.approveExposure);
  const [reviewer] = await (await db()).select({ id: user.id }).from(user).where(eq(user.id, reviewerId)).limit(1);
  if (!reviewer) throw new ConsoleError('not_found', 'No reviewer has this id.');
  await appendAudit({ actor: senior, action: 'exposure_approval', targetType: 'user', targetId: reviewerId, reason, detail: { extra }, ...meta });
  return exposureAllowance(reviewerId);
}
