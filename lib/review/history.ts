import type { DecisionKind } from './decision';

/**
 * A subject's decisions form an append-only history: every row carries a version (1, 2, …) per subject and the
 * decision in force after it. An undo is a row too, restoring what was in force before, so evidence keeps every step.
 */

export type DecisionSubject = { workflowId: string; blobId: string | null };

/** One key per reviewable thing: a workflow, or one output of it. */
export function subjectKey(subject: DecisionSubject): string {
  return subject.blobId ? `${subject.workflowId}/${subject.blobId}` : subject.workflowId;
}

/** `error`: a retry may succeed. `not_allowed`: the upstream will not let this token tag the workflow; no retry helps. */
export const SYNC_STATES = ['synced', 'not_synced', 'error', 'not_allowed'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export type DecisionAction = 'decide' | 'undo';

export type DecisionRecord = DecisionSubject & {
  id: string;
  version: number;
  action: DecisionAction;
  /** In force after this row; null when an undo went back to "not reviewed". */
  kind: DecisionKind | null;
  reasonCode: string | null;
  note: string | null;
  decidedBy: { id: string; name: string; role: string };
  decidedAt: string;
  /** Fingerprint of the workflow as the moderator saw it (lib/review/workflow-version.ts). */
  workflowVersionSeen: string;
  undoesDecisionId: string | null;
};

/** Whether a workflow's `review:*` tag upstream matches the decisions in force in the console. */
export type SyncStatus = { state: SyncState; lastError: string | null; attempts: number; syncedAt: string | null };

export type WorkflowReview = {
  workflowId: string;
  /** The latest row on the workflow itself (its `kind` is what is in force), or null when never decided. */
  decision: DecisionRecord | null;
  /** The latest row on each output that has one. */
  outputs: DecisionRecord[];
  /** Null when nothing was ever decided here, so there is nothing to mirror. */
  sync: SyncStatus | null;
};


export type VersionCheck = { kind: 'current' } | { kind: 'conflict'; current: DecisionRecord | null };

/**
 * Optimistic concurrency: a moderator decides against the version they saw (0 = none yet). If someone decided
 * in between, they are shown that decision and choose to keep it or overwrite it (by deciding again against it).
 */
export function checkVersion(expectedVersion: number, head: DecisionRecord | null): VersionCheck {
  const currentVersion = head?.version ?? 0;
  return expectedVersion === currentVersion ? { kind: 'current' } : { kind: 'conflict', current: head };
}

export const UNDO_WINDOW_MS = 10_000;

export type UndoProblem = 'nothing_to_undo' | 'not_yours' | 'window_passed' | 'superseded';

export function describeUndoProblem(problem: UndoProblem): string {
  switch (problem) {
    case 'nothing_to_undo':
      return 'There is no decision to undo.';
    case 'not_yours':
      return 'Only the moderator who made a decision can undo it.';
    case 'window_passed':
      return `A decision can be undone only within ${UNDO_WINDOW_MS / 1000} seconds.`;
    case 'superseded':
      return 'Someone decided after you; your decision can no longer be undone.';
  }
}

/** May `userId` undo decision `target`, given the subject's current head, at time `now`? */
export function undoProblem(
  target: DecisionRecord | null,
  head: DecisionRecord | null,
  userId: string,
  now: Date,
): UndoProblem | null {
  if (!target || target.action !== 'decide') return 'nothing_to_undo';
  if (target.decidedBy.id !== userId) return 'not_yours';
  if (!head || head.id !== target.id) return 'superseded';
  if (now.getTime() - Date.parse(target.decidedAt) > UNDO_WINDOW_MS) return 'window_passed';
  return null;
}

/** What an undo of `head` puts back in force: the row before it, or "not reviewed". */
export function restoredBy(previous: DecisionRecord | null): Pick<DecisionRecord, 'kind' | 'reasonCode' | 'note'> {
  return previous
    ? { kind: previous.kind, reasonCode: previous.reasonCode, note: previous.note }
    : { kind: null, reasonCode: null, note: null };
}
