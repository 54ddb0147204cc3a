import type { MediaItem, Workflow } from '@/lib/orchestrator/types';
import { NSFW_LEVELS, parseNsfwLevel, type NsfwLevel } from '@/lib/moderation/scan';
import { parseBlockedReason } from '@/lib/orchestrator/blocked-reason';
import type { ListRisk } from '@/lib/moderation/read-model';

const PENDING: ListRisk = { band: 'pending', csamPercent: null };

/**
 * What one row of the workflows list shows, derived from a workflow as the list endpoint returns it, with the
 * workflow's CSAM risk as the risk index holds it (`pending` until the index has read it, never a guess).
 */
export interface WorkflowRow {
  id: string;
  ownerId: number | null;
  createdAt: string;
  status: string;
  tags: string[];
  stepCount: number;
  blobCount: number;
  /** The most mature output level; `unrated` when any output is unrated (unknown is never safe). */
  worstLevel: NsfwLevel | 'unrated' | null;
  blockedCount: number;
  /** The first blocked reason, for the tooltip. */
  blockedReason: string | null;
  costTotal: number | null;
  risk: ListRisk;
}

const LEVEL_RISK = [...NSFW_LEVELS, 'unrated'] as const;

export function worstMediaLevel(media: readonly MediaItem[]): WorkflowRow['worstLevel'] {
  let worst = -1;
  for (const item of media) {
    const level = parseNsfwLevel(item.nsfwLevel);
    worst = Math.max(worst, LEVEL_RISK.indexOf(level === 'unscanned' ? 'unrated' : level));
  }
  return worst === -1 ? null : LEVEL_RISK[worst]!;
}

export function toWorkflowRow(workflow: Workflow & { risk?: ListRisk }): WorkflowRow {
  const blocked = workflow.media.map((item) => parseBlockedReason(item.blockedReason)).filter((reason) => reason !== null);
  return {
    id: workflow.id,
    ownerId: workflow.ownerId,
    createdAt: workflow.createdAt,
    status: workflow.status,
    tags: workflow.tags,
    stepCount: workflow.steps.length,
    blobCount: workflow.media.length,
    worstLevel: worstMediaLevel(workflow.media),
    blockedCount: blocked.length,
    blockedReason: blocked[0] ?? null,
    costTotal: workflow.costTotal,
    risk: workflow.risk ?? PENDING,
  };
}
