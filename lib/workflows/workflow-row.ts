import type { MediaItem, Workflow } from '@/lib/orchestrator/types';
import { RATED_LEVELS, parseNsfwLevel, type RatedLevel } from '@/lib/moderation/scan';
import { parseBlockedReason } from '@/lib/orchestrator/blocked-reason';
import type { ListRisk } from '@/lib/moderation/read-model';
import type { IndexedListItem, RiskListPage } from '@/lib/risk-index/list';

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
  /** Null for a row the risk index answered: the index keeps no steps, levels or cost (open it to read them). */
  stepCount: number | null;
  blobCount: number;
  /** The most mature output level; `unrated` when any output is unrated (unknown is never safe). */
  worstLevel: RatedLevel | 'unrated' | null;
  /** False when the index answered and the level, blocks and cost are not known here. */
  detailed: boolean;
  blockedCount: number;
  /** The first blocked reason, for the tooltip. */
  blockedReason: string | null;
  costTotal: number | null;
  risk: ListRisk;
}

const LEVEL_RISK = [...RATED_LEVELS, 'unrated'] as const;

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
    detailed: true,
    blockedCount: blocked.length,
    blockedReason: blocked[0] ?? null,
    costTotal: workflow.costTotal,
    risk: workflow.risk ?? PENDING,
  };
}

function fromIndex(item: IndexedListItem): WorkflowRow {
  return {
    id: item.id,
    ownerId: item.ownerId,
    createdAt: item.createdAt,
    status: item.status,
    tags: item.tags,
    stepCount: null,
    blobCount: item.outputCount,
    worstLevel: null,
    detailed: false,
    blockedCount: 0,
    blockedReason: null,
    costTotal: null,
    risk: item.risk,
  };
}

/** The rows of one list page, whichever list answered it (the upstream's, or the risk index's). */
function pageRows(page: RiskListPage): WorkflowRow[] {
  return page.source === 'index' ? page.items.map(fromIndex) : page.items.map(toWorkflowRow);
}

/**
 * GET /api/workflows: one page of rows, made on the server. A list shows rows, never whole workflows (the upstream
 * sends steps, parameters and metadata a row has no use for), so the answer is a fraction of the upstream page.
 */
export type WorkflowListAnswer = Omit<RiskListPage, 'items'> & { items: WorkflowRow[] };

export function toListAnswer(page: RiskListPage): WorkflowListAnswer {
  return { ...page, items: pageRows(page) };
}
