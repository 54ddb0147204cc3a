import { DECISION_LABELS, type DecisionKind } from '@/lib/review/decision';
import { reasonLabel, type ReasonCode } from '@/lib/review/reason-label';
import type { AuditRecord } from '@/lib/audit/audit';

/**
 * One audit row as a sentence an admin reads at a glance ("Mo Moderator revealed 01M7…C1K0.jpeg of workflow
 * 1637892-… (tier 3)"), and what goes in its Reason column. Plain data: the page renders `words` as text, `value`
 * as untrusted text (hidden characters made visible) and `id` as a shortened id with a copy button and, for
 * workflows and jobs, a link.
 */
export type SentencePart = { words: string } | { value: string } | { id: string; kind: 'workflow' | 'job' | 'blob' | 'user' | 'session' };

export interface AuditSentence {
  parts: SentencePart[];
  /** The Reason column: a decision's reason label and note, a reveal's or cancel's reason; null when none. */
  reason: string | null;
}

export interface SentenceContext {
  /** Display names of the actors by user id (the row keeps id and email; names may change). */
  names: ReadonlyMap<string, string>;
  reasonCodes: readonly ReasonCode[];
}

const words = (text: string): SentencePart => ({ words: text });
const value = (text: string): SentencePart => ({ value: text });
const text = (detail: Record<string, unknown> | null, key: string): string | null => {
  const found = detail?.[key];
  return typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean' ? String(found) : null;
};
const decisionLabel = (kind: string | null) => `“${kind && kind in DECISION_LABELS ? DECISION_LABELS[kind as DecisionKind] : (kind ?? '?')}”`;

function actor(event: AuditRecord, context: SentenceContext): SentencePart {
  const name = event.actorId ? context.names.get(event.actorId) : undefined;
  if (name) return value(name);
  if (event.actorEmail) return value(event.actorEmail);
  return words(event.action.startsWith('sign_in') || event.action.startsWith('sso_') ? 'Someone not signed in' : 'The server command line');
}

/** "<blob> of workflow <id>", "workflow <id>", "job <id> of workflow <id>": the target and the workflow it belongs to. */
function target(event: AuditRecord): SentencePart[] {
  const kind = event.targetType as Extract<SentencePart, { kind: string }>['kind'];
  const own: SentencePart[] = kind === 'workflow' ? [words('workflow'), { id: event.targetId, kind }] : [words(kind), { id: event.targetId, kind }];
  if (!event.workflowId || event.workflowId === event.targetId) return own;
  return [...own, words('of workflow'), { id: event.workflowId, kind: 'workflow' }];
}

const counts = (detail: Record<string, unknown> | null) => `${text(detail, 'rows') ?? '?'} rows, ${text(detail, 'matches') ?? '?'} matches`;

const tier = (detail: Record<string, unknown> | null) => (text(detail, 'tier') === null ? [] : [words(`(tier ${text(detail, 'tier')})`)]);

export function describeAuditEvent(event: AuditRecord, context: SentenceContext): AuditSentence {
  const who = actor(event, context);
  const detail = event.detail;
  const say = (...parts: SentencePart[]): AuditSentence => ({ parts: [who, ...parts], reason: event.reason });

  switch (event.action) {
    case 'reveal':
      return say(words('revealed'), ...target(event).slice(1), ...tier(detail));
    case 'reveal_denied':
      return say(words('was refused a reveal of'), ...target(event).slice(1), ...tier(detail), ...(text(detail, 'refusal') ? [words(`— ${text(detail, 'refusal')}`)] : []));
    case 'media_download':
      return say(words('downloaded'), ...target(event).slice(1), ...tier(detail));
    case 'decision': {
      const undone = text(detail, 'undoes');
      const code = text(detail, 'reasonCode');
      const label = reasonLabel(context.reasonCodes, code);
      const reason = [label, event.reason].filter(Boolean).join(': ') || null;
      if (undone) {
        return { parts: [who, words(`undid the ${decisionLabel(text(detail, 'undoneKind'))} decision on`), ...target(event)], reason };
      }
      return { parts: [who, words(`recorded ${decisionLabel(text(detail, 'kind'))} on`), ...target(event)], reason };
    }
    case 'tag_add':
      return say(words('tagged'), ...target(event), words('with'), value(text(detail, 'tag') ?? '?'));
    case 'tag_remove':
      return say(words('removed the tag'), value(text(detail, 'tag') ?? '?'), words('from'), ...target(event));
    case 'cancel':
      return say(words('cancelled'), ...target(event));
    case 'taint':
      return say(words('tainted'), ...target(event));
    case 'moderation_gate':
      return say(words(detail?.approved === true ? 'approved the moderation gate of' : 'denied the moderation gate of'), ...target(event));
    case 'role_change':
      return say(
        words('changed the role of'),
        value(text(detail, 'email') ?? event.targetId),
        words(`from ${text(detail, 'from') ?? '?'} to ${text(detail, 'to') ?? '?'}`),
      );
    case 'user_invite':
      return say(
        words(detail?.reset ? 'reset the account' : 'created the account'),
        value(text(detail, 'email') ?? event.targetId),
        words(`(${text(detail, 'role') ?? '?'})`),
      );
    case 'user_disable':
      return say(words('disabled the account'), value(text(detail, 'email') ?? event.targetId), words(`(${text(detail, 'sessionsEnded') ?? 0} sessions ended)`));
    case 'user_unwatch':
      return say(words('stopped the risk index following Civitai user'), value(event.targetId));
    case 'strikes_review':
      return say(words('marked the strikes of Civitai user'), value(event.targetId), words('reviewed'));
    case 'user_watch':
      return say(words('had the risk index follow Civitai user'), value(event.targetId));
    case 'user_enable':
      return say(words('enabled the account'), value(text(detail, 'email') ?? event.targetId));
    case 'export':
      return text(detail, 'export') === 'audit_csv'
        ? say(words('exported the audit log as CSV'), ...(text(detail, 'filter') ? [words('filtered by'), value(text(detail, 'filter')!)] : []))
        : say(words('exported the evidence package of'), ...target(event));
    case 'hash_list_import':
      return say(words('imported the hash list'), value(text(detail, 'name') ?? event.targetId), words(`(${counts(detail)})`));
    case 'hash_list_delete':
      return say(words('deleted the hash list'), value(text(detail, 'name') ?? event.targetId), words(`(${counts(detail)} removed)`));
    case 'hash_match':
      return {
        // A match found while indexing has no actor; one found by an import names the admin who imported the list.
        parts: [
          ...(event.actorId || event.actorEmail ? [who, words('imported a hash list matching')] : [words('The risk index matched')]),
          ...target(event),
          words('to the hash list'),
          value(text(detail, 'list') ?? '?'),
          words('—'),
          value(text(detail, 'label') ?? '?'),
          words(`(distance ${text(detail, 'distance') ?? '?'})`),
        ],
        reason: event.reason,
      };
    case 'sign_in':
      return say(words('signed in'));
    case 'sign_out':
      return say(words(detail?.everywhere ? `signed out everywhere (${text(detail, 'sessionsEnded') ?? '?'} sessions ended)` : 'signed out'));
    case 'sso_sign_in':
      return say(words(detail?.created ? `signed in through the identity provider for the first time (account created as ${text(detail, 'role') ?? '?'})` : 'signed in through the identity provider'));
    case 'sso_sign_in_refused':
      return {
        parts: [words('A company sign-in as'), value(event.targetId), words('was refused'), ...(text(detail, 'reason') ? [words(`(${text(detail, 'reason')})`)] : [])],
        reason: event.reason,
      };
    case 'sso_role_change':
      return {
        parts: [
          words('The identity provider’s groups changed the role of'),
          value(text(detail, 'email') ?? event.targetId),
          words(`from ${text(detail, 'from') ?? '?'} to ${text(detail, 'to') ?? '?'} (${text(detail, 'sessionsEnded') ?? 0} sessions ended)`),
        ],
        reason: event.reason,
      };
    case 'sign_in_failed':
      return {
        parts: [words('A sign-in as'), value(event.targetId), words('failed'), ...(text(detail, 'reason') ? [words(`(${text(detail, 'reason')})`)] : [])],
        reason: event.reason,
      };
    case 'access_denied':
      return say(
        words('was refused'),
        value(text(detail, 'path') ?? 'a page'),
        ...(text(detail, 'required') ? [words(`(needs ${text(detail, 'required')})`)] : []),
      );
    default:
      return say(words(event.action.replaceAll('_', ' ')), ...target(event));
  }
}
