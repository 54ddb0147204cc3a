import type { ScoreBand } from '@/lib/moderation/scan';
import type { QueuePresetId } from '@/lib/review/queue';
import type { OverviewWindow } from '@/lib/risk-index/overview-window';

/** What GET /api/stats answers and the leads' view shows. Types only: the server builds them, the browser reads them. */

export interface PresetBacklog {
  preset: QueuePresetId;
  label: string;
  /** Workflows waiting in this queue now (its own scope, whatever the window), by their worst CSAM band. */
  bands: Record<ScoreBand, number>;
  total: number;
}

export interface ReviewerDecisions {
  id: string;
  name: string;
  email: string;
  decisions: number;
  ok: number;
  flagged: number;
  escalated: number;
  /** Their decisions that changed the decision in force before them. */
  reversals: number;
}

export interface Reversal {
  workflowId: string;
  by: string;
  from: string;
  to: string;
  at: string;
}

export interface DailyReveals {
  reviewerId: string;
  name: string;
  email: string;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  /** Reveals of tier 1 and 2 media. */
  revealed: number;
  /** Reveals of tier 3 (hard-gated) media, counted apart. */
  tier3: number;
}

export interface TeamStats {
  window: OverviewWindow;
  since: string;
  at: string;
  backlog: PresetBacklog[];
  /** Workflows with at least one decision in the window, and the decisions themselves. */
  decided: { workflows: number; decisions: number };
  /** From a workflow's completion to its first decision, for first decisions made in the window. */
  timeToFirstDecision: { workflows: number; p50Seconds: number | null; p90Seconds: number | null };
  reviewers: ReviewerDecisions[];
  reversals: { count: number; latest: Reversal[] };
  reveals: DailyReveals[];
}
