import 'server-only';
import type { SessionUser } from '@/lib/auth/session-user';
import { appendAudit, type AuditEventInput } from '@/lib/db/audit';
import { beginSync, finishSync } from '@/lib/db/decisions';
import { env } from '@/lib/env';
import { consoleUpstream, setReviewTag } from '@/lib/orchestrator/actions';
import { toOrchestratorError } from '@/lib/orchestrator/errors';
import { orchestrator } from '@/lib/orchestrator/instance';
import type { MirrorResult } from './api-types';
import { DEFAULT_REASON_CODES, type ReasonCode } from './reason-codes';

/** Server glue for the review routes: configuration and the decision → tag mirror. */

export function reasonCodes(): readonly ReasonCode[] {
  return env().REVIEW_REASON_CODES ?? DEFAULT_REASON_CODES;
}

/** A newer decision may land while a mirror runs; after this many rounds the row stays "not synced" for a retry. */
const MIRROR_ROUNDS = 3;

/**
 * Brings the workflow's `review:*` tag upstream in line with the decisions in force, and records the outcome.
 * The upstream write is not retried here: a failure leaves the decisions "not synced" with the reason, and the
 * moderator (or the next decision on the workflow) retries. Never throws for upstream trouble; the decision stands.
 */
export async function mirrorReviewTag(user: SessionUser, workflowId: string): Promise<MirrorResult | null> {
  // Not tied to the browser's connection: a decision already stored should reach the upstream even if the tab closes.
  const upstream = consoleUpstream(orchestrator().context());
  for (let round = 0; round < MIRROR_ROUNDS; round++) {
    const ticket = await beginSync(user, workflowId);
    if (!ticket) return null;
    try {
      await setReviewTag(upstream, workflowId, ticket.target);
    } catch (caught) {
      const message = toOrchestratorError(caught).message;
      if (await finishSync(ticket, { ok: false, message })) return { state: 'error', lastError: message };
      continue;
    }
    if (await finishSync(ticket, { ok: true })) return { state: 'synced', lastError: null };
  }
  return { state: 'not_synced', lastError: null };
}

/**
 * Runs an upstream action behind its audit row: the row is written first and a failed write refuses the action
 * (fail closed); if the upstream then fails, a second row says so, so the log never claims a change that did not land.
 */
export async function audited<T>(event: AuditEventInput, action: () => Promise<T>): Promise<T> {
  await appendAudit(event);
  try {
    return await action();
  } catch (caught) {
    const error = toOrchestratorError(caught);
    await appendAudit({ ...event, detail: { ...event.detail, outcome: 'failed', kind: error.kind } }).catch(() => {});
    throw caught;
  }
}
