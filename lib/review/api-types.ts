import type { DecisionRecord, SyncState, WorkflowReview } from './history';
import type { QueuePresetId } from './queue';

/** What the review routes answer. Types only: the routes build them, the browser reads them. */

export type MirrorResult = { state: SyncState; lastError: string | null };

export type DecisionResponse =
  | { outcome: 'recorded'; decision: DecisionRecord; sync: MirrorResult | null }
  /** Someone decided first: the browser shows their decision and asks to keep it or overwrite it. */
  | { outcome: 'conflict'; current: DecisionRecord | null };

export type BulkDecisionResponse = {
  results: ({ workflowId: string } & (
    | { outcome: 'recorded'; decision: DecisionRecord; sync: MirrorResult | null }
    | { outcome: 'conflict'; current: DecisionRecord | null }
    /** Another reviewer holds it (a queue claim): left for them, not decided. */
    | { outcome: 'claimed'; by: string }
  ))[];
};

export type UndoResponse = { outcome: 'undone'; undo: DecisionRecord; sync: MirrorResult | null } | { outcome: 'refused'; message: string };

export type SyncResponse = { sync: MirrorResult | null };

export type ReviewStateResponse = { review: WorkflowReview; history: DecisionRecord[] };

export type TagsResponse = { tags: string[] };

export type QueueItem = { workflowId: string; createdAt: string; status: string; tags: string[] };

export type QueueResponse = {
  label: string;
  preset: QueuePresetId | null;
  items: QueueItem[];
  /** True when the server stopped collecting at its bound; the queue holds the first items only. */
  truncated: boolean;
  decidedToday: number;
  /** Workflows the queue could not check (scan lookups failed): they are included, never silently dropped. */
  unchecked: number;
  /** The risk index's point when the queue was read: the live channel brings what is indexed after it. */
  liveCursor: string;
  /** When the server collected it: a claim refuses an item another reviewer decided after this. */
  collectedAt: string;
};

/** A senior's decision on a workflow's moderation gate, as the upstream took it. */
export type ModerationGateResponse = { workflowId: string; status: 'approved' | 'rejected' };

/** A reviewer's hold on a workflow: who, since when (what "2 min" counts from) and until when unless renewed. */
export type ReviewClaim = { workflowId: string; by: { id: string; name: string }; since: string; until: string };

export type ClaimResponse = { claim: ReviewClaim };

export type ReleaseResponse = { released: boolean };
