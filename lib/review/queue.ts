import { PERMISSIONS, type Role } from '@/lib/auth/roles';
import type { ScoreBand } from '@/lib/moderation/scan';
import type { DecisionKind } from './decision';
import { reviewKindFromTags } from './decision';

/**
 * The triage queue: an ordered list of workflows a moderator works through one at a time. A queue is either a
 * preset or any search from the workflows screen (the same URL parameters). Pure: the page, the API route and the
 * tests share it.
 */

export const QUEUE_PRESETS = {
  'unreviewed-csam': {
    label: 'Unreviewed, CSAM band near or above, last 24 h',
    minimumRole: 'moderator',
  },
  'escalated-to-me': {
    label: 'Escalated to me',
    // Escalations go to senior reviewers; a moderator has nobody escalating to them.
    minimumRole: 'senior',
  },
  'pending-moderation-gates': {
    label: 'Pending moderation gates',
    // Only those who may decide a gate upstream work this queue.
    minimumRole: PERMISSIONS.decideModerationGate,
  },
  'hash-match': {
    label: 'Hash match',
    // Outputs matching an imported hash list: hard-gated, and worth a moderator's look first.
    minimumRole: PERMISSIONS.readHashMatches,
  },
} as const satisfies Record<string, { label: string; minimumRole: Role }>;

export type QueuePresetId = keyof typeof QUEUE_PRESETS;
export const QUEUE_PRESET_IDS = Object.keys(QUEUE_PRESETS) as QueuePresetId[];

export function isQueuePresetId(value: unknown): value is QueuePresetId {
  return typeof value === 'string' && Object.hasOwn(QUEUE_PRESETS, value);
}

export const RECENT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A queue is a working set, not an export: the server stops collecting after this many items. */
export const MAX_QUEUE_ITEMS = 200;

/** Bands the "CSAM near or above" preset takes: an unknown score is never safe, so it is in the queue too. */
const NEEDS_EYES: ReadonlySet<ScoreBand> = new Set(['near', 'above', 'unknown']);

export type QueueCandidate = {
  /** The decision in force in the console (workflow level), if any. */
  localKind: DecisionKind | null;
  /** The workflow's tags upstream: another tool may already have reviewed it. */
  tags: readonly string[];
  worstBand: ScoreBand;
};

/** The "unreviewed, CSAM near or above" test for one workflow of the last 24 h. */
export function needsCsamReview(candidate: QueueCandidate): boolean {
  return candidate.localKind === null && reviewKindFromTags(candidate.tags) === null && NEEDS_EYES.has(candidate.worstBand);
}

/** "Mo Moderator is reviewing this (2 min)": minutes since they opened it, on the workflow page and in a refusal. */
export function describeClaim(claim: { by: { name: string }; since: string }, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(claim.since).getTime()) / 60_000));
  return `${claim.by.name} is reviewing this (${minutes} min)`;
}

/** "3 of 20 · 5 decided today". */
export function describeProgress(position: number, total: number, decidedToday: number): string {
  const where = total === 0 ? 'Queue empty' : `${Math.min(position + 1, total)} of ${total}`;
  return `${where} · ${decidedToday} decided today`;
}

/**
 * Where the queue goes after a decision on item `index`: the next item not yet decided in this session,
 * or the next one at all when every later item is decided (so `j` keeps working at the end).
 */
export function nextAfterDecision(index: number, decided: readonly boolean[]): number {
  for (let next = index + 1; next < decided.length; next++) if (!decided[next]) return next;
  return Math.min(index + 1, Math.max(decided.length - 1, 0));
}

/**
 * Where `j` (step 1) or `k` (step -1) goes from `index`: the nearest item that way nobody else holds, or `index`
 * itself when every item that way is someone else's.
 */
export function stepOver(index: number, step: 1 | -1, heldByOthers: readonly boolean[]): number {
  for (let next = index + step; next >= 0 && next < heldByOthers.length; next += step) if (!heldByOthers[next]) return next;
  return index;
}
