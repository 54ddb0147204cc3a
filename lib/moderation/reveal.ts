import 'server-only';
import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import type { SessionUser } from '@/lib/auth/session-user';
import { appendAudit, AuditError, type AuditEventInput } from '@/lib/audit/audit';
import { db } from '@/lib/db/client';
import { revealGrant } from '@/lib/db/schema-media';
import type { RequestMeta } from '@/lib/request/request-meta';
import { consoleLogger, type Logger } from '@/lib/log';
import { exposureAllowance, type ExposureAllowance } from './exposure';
import { checkRevealRequest, type GateDecision, type GateTier, type RevealGrantFacts, type RevealRefusal } from './gating';

/**
 * Reveal grants: the only way full bytes of tier 1-3 media reach a browser. In this order, failing closed:
 * the role and reason check, then the audit row, then the grant. A grant without its audit row cannot exist, and
 * when the audit log cannot be written the moderator is told and nothing is revealed (TEST-PLAN F-33).
 */

export type RevealErrorKind = RevealRefusal | 'exposure_cap' | 'audit_unavailable';

export class RevealError extends Error {
  constructor(
    readonly kind: RevealErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RevealError';
  }
}

const REFUSAL_MESSAGES: Record<RevealRefusal, string> = {
  unavailable: 'This media is not available upstream; there is nothing to reveal.',
  not_gated: 'This media is not gated; it needs no reveal.',
  role: 'Your role cannot reveal this media.',
  reason: 'Type why you need to see this media.',
};

export interface RevealRequest {
  user: SessionUser;
  blobId: string;
  workflowId: string | null;
  reason?: string;
  decision: GateDecision;
  meta: RequestMeta;
}

export interface RevealGrant {
  blobId: string;
  tier: GateTier;
  expiresAt: string;
  /** When the audit row was written: before the first byte of the media. */
  auditedAt: string;
}

export interface GrantStore {
  insert(grant: { user: SessionUser; blobId: string; tier: GateTier; auditEventId: number; expiresAt: Date }): Promise<void>;
  /** The live grants of this reviewer's session, by blob: the highest tier, then the longest lived. */
  findLive(user: SessionUser, blobIds: readonly string[], now: Date): Promise<Map<string, RevealGrantFacts>>;
}

export interface RevealDependencies {
  audit: (event: AuditEventInput) => Promise<{ id: string; at: Date }>;
  /** Today's tier-2/3 reveals against the daily cap (REVEAL_DAILY_CAP); null: no cap. */
  exposure?: (reviewerId: string, now: Date) => Promise<ExposureAllowance | null>;
  grants: GrantStore;
  now: () => Date;
  log: Logger;
}

/** Grants expired this long ago are deleted when a new one is written; the audit log keeps the history. */
const GRANT_RETENTION_MS = 24 * 60 * 60 * 1000;

export const databaseGrants: GrantStore = {
  async insert(grant) {
    const database = await db();
    await database.insert(revealGrant).values({
      userId: grant.user.id,
      sessionId: grant.user.sessionId,
      blobId: grant.blobId,
      tier: grant.tier,
      auditEventId: grant.auditEventId,
      expiresAt: grant.expiresAt,
    });
    await database.delete(revealGrant).where(lt(revealGrant.expiresAt, new Date(Date.now() - GRANT_RETENTION_MS)));
  },
  async findLive(user, blobIds, now) {
    const found = new Map<string, RevealGrantFacts>();
    if (blobIds.length === 0) return found;
    const rows = await (await db())
      .select({ blobId: revealGrant.blobId, tier: revealGrant.tier, expiresAt: revealGrant.expiresAt })
      .from(revealGrant)
      .where(
        and(
          eq(revealGrant.userId, user.id),
          eq(revealGrant.sessionId, user.sessionId),
          inArray(revealGrant.blobId, [...blobIds]),
          gt(revealGrant.expiresAt, now),
        ),
      );
    for (const row of rows) {
      const best = found.get(row.blobId);
      if (!best || row.tier > best.tier || (row.tier === best.tier && row.expiresAt > best.expiresAt)) {
        found.set(row.blobId, { userId: user.id, blobId: row.blobId, tier: row.tier as GateTier, expiresAt: row.expiresAt });
      }
    }
    return found;
  },
};

const defaults: RevealDependencies = { audit: appendAudit, exposure: exposureAllowance, grants: databaseGrants, now: () => new Date(), log: consoleLogger };

/** Reveals of this tier and above count against the daily cap. */
const CAPPED_FROM_TIER = 2;

/** The live grants of this reviewer's session for these blobs. */
export function findRevealGrants(
  user: SessionUser,
  blobIds: readonly string[],
  deps: Pick<RevealDependencies, 'grants' | 'now'> = defaults,
): Promise<Map<string, RevealGrantFacts>> {
  return deps.grants.findLive(user, blobIds, deps.now());
}

/** Records a refused reveal. Best effort: the refusal stands whether or not the log is reachable. */
async function recordRefusal(request: RevealRequest, refusal: RevealRefusal | 'exposure_cap', deps: RevealDependencies): Promise<void> {
  try {
    await deps.audit({
      actor: request.user,
      action: 'reveal_denied',
      targetType: 'blob',
      targetId: request.blobId,
      workflowId: request.workflowId,
      detail: { tier: request.decision.tier, refusal, requires: request.decision.revealRequires },
      ...request.meta,
    });
  } catch (error) {
    deps.log('error', 'audit.write_failed', { action: 'reveal_denied', error: error instanceof Error ? error.name : 'unknown' });
  }
}

/**
 * Reveals one blob to one reviewer: checks, audits, then grants. Throws RevealError. A blob that needs no reveal
 * (tier 0) answers with a null grant.
 */
export async function grantReveal(request: RevealRequest, deps: RevealDependencies = defaults): Promise<RevealGrant | null> {
  const { decision } = request;
  const reason = request.reason?.trim() || undefined;
  const refusal = checkRevealRequest(decision, reason);
  if (refusal === 'not_gated') return null;
  if (refusal !== null) {
    if (refusal === 'role') await recordRefusal(request, refusal, deps);
    throw new RevealError(refusal, REFUSAL_MESSAGES[refusal]);
  }

  const now = deps.now();
  if (decision.tier >= CAPPED_FROM_TIER && deps.exposure) {
    const allowance = await deps.exposure(request.user.id, now);
    if (allowance && allowance.revealed >= allowance.allowed) {
      await recordRefusal(request, 'exposure_cap', deps);
      throw new RevealError(
        'exposure_cap',
        `You have revealed ${allowance.revealed} tier-2/3 items today, your daily limit. Take a break; a senior can approve more for today.`,
      );
    }
  }
  const expiresAt = new Date(now.getTime() + decision.grantSeconds * 1000);
  let audited: { id: string; at: Date };
  try {
    audited = await deps.audit({
      actor: request.user,
      action: 'reveal',
      targetType: 'blob',
      targetId: request.blobId,
      workflowId: request.workflowId,
      reason: reason ?? null,
      detail: { tier: decision.tier, requires: decision.revealRequires, gateReasons: decision.reasons, expiresAt: expiresAt.toISOString() },
      ...request.meta,
    });
  } catch (error) {
    deps.log('error', 'audit.write_failed', { action: 'reveal', error: error instanceof Error ? error.name : 'unknown' });
    throw new RevealError('audit_unavailable', 'The audit log could not be written, so nothing was revealed. Try again shortly.', {
      cause: error instanceof AuditError ? error : undefined,
    });
  }
  try {
    await deps.grants.insert({ user: request.user, blobId: request.blobId, tier: decision.tier, auditEventId: Number(audited.id), expiresAt });
  } catch (error) {
    deps.log('error', 'reveal.grant_write_failed', { error: error instanceof Error ? error.name : 'unknown' });
    throw new RevealError('audit_unavailable', 'The reveal could not be recorded, so nothing was revealed. Try again shortly.');
  }
  return { blobId: request.blobId, tier: decision.tier, expiresAt: expiresAt.toISOString(), auditedAt: audited.at.toISOString() };
}
