import 'server-only';
import type { SessionUser } from '@/lib/auth/session-user';
import { appendAudit, type AuditEventInput } from '@/lib/audit/audit';
import { beginSync, finishSync } from '@/lib/review/decision-store';
import { env } from '@/lib/env';
import { readJsonSetting } from '@/lib/json-setting';
import { consoleUpstream } from '@/lib/orchestrator/writes';
import { setReviewTag } from './review-tag-write';
import type { ConsoleError } from '@/lib/console-error';
import { toConsoleError } from '@/lib/orchestrator/errors';
import { invalidInput } from '@/lib/console-error';
import type { CallContext } from '@/lib/orchestrator/client';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import type { MirrorResult } from './api-types';
import { DEFAULT_REASON_CODES, reasonCodesFromJson, type ReasonCode } from './reason-codes';

/** Server glue for the review routes: configuration and the decision → tag mirror. */

export function reasonCodes(): readonly ReasonCode[] {
  return readJsonSetting('REVIEW_REASON_CODES', reasonCodesFromJson, env().REVIEW_REASON_CODES) ?? DEFAULT_REASON_CODES;
}

/**
 * A decision is about something that exists: each workflow is read upstream first (a 404 stops the request before
 * anything is stored or audited), and a named output must be one of that workflow's (else 400). Read one after
 * another, as the bulk mirror writes, so a batch is a moderator's pace, not a burst.
 */
export async function requireDecisionSubjects(items: readonly { workflowId: string; blobId: string | null }[], ctx: CallContext): Promise<void> {
  for (const { workflowId, blobId } of items) {
    const workflow = await getWorkflow(orchestrator(), workflowId, ctx);
    if (blobId !== null && !workflow.media.some((item) => item.blobId === blobId)) {
      throw invalidInput('blobId', '`blobId` is not an output of this workflow.');
    }
  }
}

export const NOT_ALLOWED_MESSAGE = 'Kept in the console; the API does not let this token tag this workflow.';

/**
 * Whether retrying a failed tag write can help. A 403, or a 404 on a workflow the console could read (decisions are
 * only recorded on workflows that exist upstream), is the upstream saying this token may not tag it: no retry fixes
 * that. Anything else (unavailable, rate limited, a tag problem the moderator can clear) may pass on a retry.
 */
export function syncFailure(error: ConsoleError): { message: string; retryable: boolean } {
  if (error.kind === 'forbidden' || error.kind === 'not_found') return { message: NOT_ALLOWED_MESSAGE, retryable: false };
  return { message: error.message, retryable: true };
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
      const failure = syncFailure(toConsoleError(caught));
      if (await finishSync(ticket, { ok: false, ...failure })) return { state: failure.retryable ? 'error' : 'not_allowed', lastError: failure.message };
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
    const error = toConsoleError(caught);
    await appendAudit({ ...event, detail: { ...event.detail, outcome: 'failed', kind: error.kind } }).catch(() => {});
    throw caught;
  }
}
