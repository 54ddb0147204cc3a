import 'server-only';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { insertAudit } from '@/lib/audit/audit';
import { PERMISSIONS } from '@/lib/auth/roles';
import { assertRole, type SessionUser } from '@/lib/auth/session-user';
import { ConsoleError } from '@/lib/console-error';
import { db } from '@/lib/db/client';
import { reviewClaim } from '@/lib/db/schema-review';
import { indexedWorkflow } from '@/lib/db/schema-risk';
import { env } from '@/lib/env';
import type { CallContext } from '@/lib/orchestrator/client';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import type { RequestMeta } from '@/lib/request/request-meta';
import type { ReviewClaim } from './api-types';
import { reviewStates } from './decision-store';
import { describeClaim } from './queue';

/**
 * Claims: opening a queue item holds it for its reviewer for a few minutes (CLAIM_MINUTES), renewed while it stays
 * open and released on decision, skip or leaving, so two moderators on one queue never review the same item by
 * accident. One row per workflow in the database (every console instance sees it); a claim ends at its expiry or
 * with its holder's session (foreign key). A senior may take a colleague's claim over, audited.
 */

export const ClaimRequestSchema = z
  .object({
    workflowId: WorkflowIdSchema,
    /** The reviewer already holds it and keeps it: refused (409) once the claim has run out or changed hands. */
    renew: z.boolean().optional(),
    /** A senior takes a colleague's live claim over. */
    takeOver: z.boolean().optional(),
    /**
     * The queue's collection time (QueueResponse.collectedAt): an item another reviewer decided since then is refused
     * (409) like a held one, so a queue never brings back what a colleague just decided and released.
     */
    undecidedSince: z.iso.datetime().optional(),
  })
  .strict();
export type ClaimRequest = z.infer<typeof ClaimRequestSchema>;

export const ReleaseRequestSchema = z.object({ workflowId: WorkflowIdSchema }).strict();

type ClaimRow = typeof reviewClaim.$inferSelect;

const claimLifetimeMs = () => env().CLAIM_MINUTES * 60_000;

function toClaim(row: ClaimRow): ReviewClaim {
  return { workflowId: row.workflowId, by: { id: row.userId, name: row.userName }, since: row.claimedAt.toISOString(), until: row.expiresAt.toISOString() };
}

function heldByAnother(claim: ReviewClaim, now: Date): ConsoleError {
  return new ConsoleError('conflict', `${describeClaim(claim, now)}.`, {
    detail: `Open it read-only, or pick another item; the claim ends at ${claim.until} unless renewed.`,
  });
}

/** Live claims, oldest first: all of them (the live channel's presence), or those of some workflows. */
export async function liveClaims(workflowIds?: readonly string[], now = new Date()): Promise<ReviewClaim[]> {
  if (workflowIds?.length === 0) return [];
  const rows = await (await db())
    .select()
    .from(reviewClaim)
    .where(and(gt(reviewClaim.expiresAt, now), workflowIds ? inArray(reviewClaim.workflowId, [...workflowIds]) : undefined))
    .orderBy(asc(reviewClaim.claimedAt), asc(reviewClaim.workflowId));
  return rows.map(toClaim);
}

/** Who other than `user` holds each of these workflows now (workflow id → their name): a bulk decision leaves them out. */
export async function holdersOtherThan(user: SessionUser, workflowIds: readonly string[], now = new Date()): Promise<Map<string, string>> {
  const claims = await liveClaims(workflowIds, now);
  return new Map(claims.filter((claim) => claim.by.id !== user.id).map((claim) => [claim.workflowId, claim.by.name]));
}

/** Workflows someone other than `user` holds now: the queue passes over them. */
export async function claimedByOthers(user: SessionUser, workflowIds: readonly string[], now = new Date()): Promise<Set<string>> {
  return new Set((await holdersOtherThan(user, workflowIds, now)).keys());
}

/** Refuses (409, naming the holder) a decision on a workflow another reviewer holds: they are deciding it now. */
export async function requireNotClaimedByOthers(user: SessionUser, workflowId: string, now = new Date()): Promise<void> {
  const [holder] = await liveClaims([workflowId], now);
  if (holder && holder.by.id !== user.id) throw heldByAnother(holder, now);
}

/** Refuses (409) a queue item another reviewer decided at or after `since`: it left the queue while it was open. */
async function requireUndecidedSince(user: SessionUser, workflowId: string, since: Date, now = new Date()): Promise<void> {
  const decision = (await reviewStates(user, [workflowId])).get(workflowId)?.decision;
  if (!decision || decision.decidedBy.id === user.id || Date.parse(decision.decidedAt) < since.getTime()) return;
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(decision.decidedAt)) / 1000));
  throw new ConsoleError('conflict', `${decision.decidedBy.name} decided this ${seconds} s ago.`, { detail: 'The queue moves on to the next item.' });
}

/**
 * A claim is on a workflow that exists: one the risk index holds, else one the upstream answers for (its 404 stops
 * the claim before anything is written).
 */
export async function requireClaimableWorkflow(workflowId: string, ctx: CallContext): Promise<void> {
  const [indexed] = await (await db()).select({ id: indexedWorkflow.id }).from(indexedWorkflow).where(eq(indexedWorkflow.id, workflowId)).limit(1);
  if (!indexed) await getWorkflow(orchestrator(), workflowId, ctx);
}

/**
 * Claims a workflow for `user`, renews their claim, or (a senior, `takeOver`) takes a colleague's over. Returns the
 * claim in force; throws a `conflict` ConsoleError naming the holder when another reviewer holds it, when a renewal
 * comes after the claim ran out, or (`undecidedSince`, a queue's claim) naming who decided it since. That check comes
 * after the claim is made: a decision is recorded before its claim is released, so a claim that succeeds after the
 * release always sees the decision (checked first, a decision and release could slip in between).
 */
export async function claimWorkflow(user: SessionUser, request: ClaimRequest, meta: RequestMeta, now = new Date()): Promise<ReviewClaim> {
  const claim = await claimOrRenew(user, request, meta, now);
  if (!request.undecidedSince || request.renew) return claim;
  try {
    await requireUndecidedSince(user, request.workflowId, new Date(request.undecidedSince));
  } catch (error) {
    await releaseClaim(user, request.workflowId);
    throw error;
  }
  return claim;
}

async function claimOrRenew(user: SessionUser, request: ClaimRequest, meta: RequestMeta, now: Date): Promise<ReviewClaim> {
  assertRole(user, PERMISSIONS.recordDecision);
  if (request.takeOver) assertRole(user, PERMISSIONS.takeOverClaim);
  const { workflowId } = request;
  const until = new Date(now.getTime() + claimLifetimeMs());
  const database = await db();
  if (request.renew) {
    const [renewed] = await database
      .update(reviewClaim)
      .set({ expiresAt: until, sessionId: user.sessionId })
      .where(and(eq(reviewClaim.workflowId, workflowId), eq(reviewClaim.userId, user.id), gt(reviewClaim.expiresAt, now)))
      .returning();
    if (renewed) return toClaim(renewed);
    const [holder] = await liveClaims([workflowId], now);
    throw holder ? heldByAnother(holder, now) : new ConsoleError('conflict', 'Your claim on this workflow ran out. Open it again to claim it.');
  }
  const at = now.toISOString();
  // Free, expired, or already this reviewer's (another tab): theirs from now, keeping when they started on it.
  const [claimed] = await database
    .insert(reviewClaim)
    .values({ workflowId, userId: user.id, userName: user.name, sessionId: user.sessionId, claimedAt: now, expiresAt: until })
    .onConflictDoUpdate({
      target: reviewClaim.workflowId,
      set: {
        userId: user.id,
        userName: user.name,
        sessionId: user.sessionId,
        claimedAt: sql`case when ${reviewClaim.userId} = ${user.id} and ${reviewClaim.expiresAt} > ${at}::timestamptz then ${reviewClaim.claimedAt} else excluded.claimed_at end`,
        expiresAt: until,
      },
      setWhere: sql`${reviewClaim.expiresAt} <= ${at}::timestamptz or ${reviewClaim.userId} = ${user.id}`,
    })
    .returning();
  if (claimed) return toClaim(claimed);
  const [holder] = await liveClaims([workflowId], now);
  // It ran out between the two statements: claim it again.
  if (!holder) return claimOrRenew(user, request, meta, new Date(Math.max(Date.now(), now.getTime() + 1)));
  if (!request.takeOver) throw heldByAnother(holder, now);
  return takeOver(user, holder, until, meta, now);
}

/** A senior takes `holder`'s claim: the change and its audit row in one transaction. */
async function takeOver(user: SessionUser, holder: ReviewClaim, until: Date, meta: RequestMeta, now: Date): Promise<ReviewClaim> {
  const database = await db();
  return database.transaction(async (tx) => {
    const [taken] = await tx
      .update(reviewClaim)
      .set({ userId: user.id, userName: user.name, sessionId: user.sessionId, claimedAt: now, expiresAt: until })
      .where(and(eq(reviewClaim.workflowId, holder.workflowId), eq(reviewClaim.userId, holder.by.id)))
      .returning();
    if (!taken) throw new ConsoleError('conflict', 'The claim changed hands meanwhile. Try again.');
    await insertAudit(tx, {
      actor: user,
      action: 'claim_take_over',
      targetType: 'workflow',
      targetId: holder.workflowId,
      workflowId: holder.workflowId,
      detail: { from: holder.by, since: holder.since, until: holder.until },
      ...meta,
    });
    return toClaim(taken);
  });
}

/** Releases `user`'s claim on a workflow (decision, skip, leaving); a claim they no longer hold is left alone. */
export async function releaseClaim(user: SessionUser, workflowId: string): Promise<boolean> {
  assertRole(user, PERMISSIONS.recordDecision);
  const released = await (await db())
    .delete(reviewClaim)
    .where(and(eq(reviewClaim.workflowId, workflowId), eq(reviewClaim.userId, user.id)))
    .returning({ workflowId: reviewClaim.workflowId });
  return released.length > 0;
}
