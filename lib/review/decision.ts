/**
 * What a moderator can decide about a workflow or one of its outputs, and how that decision is mirrored upstream as a tag.
 * Pure: shared by the server (DAL, actions) and the browser (queue keys, labels).
 */

export const DECISION_KINDS = ['ok', 'flagged', 'escalated'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export function isDecisionKind(value: unknown): value is DecisionKind {
  return typeof value === 'string' && (DECISION_KINDS as readonly string[]).includes(value);
}

export const DECISION_LABELS: Record<DecisionKind, string> = {
  ok: 'OK',
  flagged: 'Flagged',
  escalated: 'Escalated to senior',
};

/** A moderator's note on a decision, in characters. */
export const MAX_NOTE_LENGTH = 2000;

/** Workflows one bulk decision may cover. */
export const MAX_BULK_ITEMS = 50;

/** Higher is more serious: a workflow's mirrored tag follows its most serious open decision. */
const SEVERITY: Record<DecisionKind, number> = { ok: 0, flagged: 1, escalated: 2 };

export function mostSerious(kinds: Iterable<DecisionKind | null>): DecisionKind | null {
  let worst: DecisionKind | null = null;
  for (const kind of kinds) {
    if (kind && (worst === null || SEVERITY[kind] > SEVERITY[worst])) worst = kind;
  }
  return worst;
}

export const REVIEW_TAG_PREFIX = 'review:';
export type ReviewTag = `review:${DecisionKind}`;

export function reviewTag(kind: DecisionKind): ReviewTag {
  return `${REVIEW_TAG_PREFIX}${kind}`;
}

/** Any `review:*` tag, including ones another tool wrote with a kind we do not know: all are replaced by ours. */
export function isReviewTag(tag: string): boolean {
  return tag.toLowerCase().startsWith(REVIEW_TAG_PREFIX);
}

/** The decision other tools see upstream, or null when the workflow carries no (known) review tag. */
export function reviewKindFromTags(tags: readonly string[]): DecisionKind | null {
  return mostSerious(
    tags.filter(isReviewTag).map((tag) => {
      const kind = tag.slice(REVIEW_TAG_PREFIX.length).toLowerCase();
      return isDecisionKind(kind) ? kind : null;
    }),
  );
}
