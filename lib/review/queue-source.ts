import 'server-only';
import pLimit from 'p-limit';
import type { SessionUser } from '@/lib/auth/session-user';
import { db } from '@/lib/db/client';
import { workflowsWithMatches } from '@/lib/hash-lists/matches';
import { decidedToday, openEscalations, reviewStates } from '@/lib/review/decision-store';
import { scanThresholds } from '@/lib/moderation/config';
import type { ListRisk } from '@/lib/moderation/read-model';
import type { ScoreBand } from '@/lib/moderation/scan';
import type { CallContext } from '@/lib/orchestrator/client';
import { toConsoleError } from '@/lib/orchestrator/errors';
import { orchestrator } from '@/lib/orchestrator/console-client';
import type { ListRequest } from '@/lib/orchestrator/list-query';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import { encodeCursor, indexHead } from '@/lib/risk-index/live';
import { listWorkflowsWithRisk, type RiskListPage } from '@/lib/risk-index/list';
import { indexedWorkflowRows, pendingModerationGates, placeBlob } from '@/lib/risk-index/store';
import { similarOutputs } from '@/lib/similar/similar-outputs';
import type { QueueItem, QueueResponse } from './api-types';
import { claimedByOthers } from './claims';
import { MAX_QUEUE_ITEMS, needsCsamReview, QUEUE_PRESETS, RECENT_WINDOW_MS, type QueuePresetId } from './queue';
import type { QueueSpec } from './queue-query';
import { decodeSimilarCursor, SIMILAR_DEFAULT_DISTANCE, SIMILAR_MAX_TAKE, type SimilarCursor } from '@/lib/similar/search';

/**
 * Collects a triage queue on the server: a search from the workflows screen, or a preset. Bounded: at most
 * MAX_QUEUE_ITEMS items. Risk comes from the risk index: the CSAM preset is one index query across every indexed
 * owner, not an upstream read per row.
 */

const PAGE = 50;
const LOOKUPS_AT_ONCE = 8;


type ListedItem = { id: string; createdAt: string; status: string; tags: string[]; risk: ListRisk };

function toItem(workflow: Pick<ListedItem, 'id' | 'createdAt' | 'status' | 'tags'>): QueueItem {
  return { workflowId: workflow.id, createdAt: workflow.createdAt, status: workflow.status, tags: workflow.tags };
}

/** Reads pages of a search (the upstream's list, or the index's for a risk filter) until `limit` kept items or the end. */
async function collect(
  request: ListRequest,
  limit: number,
  ctx: CallContext,
  keep: (items: ListedItem[]) => Promise<ListedItem[]> = async (items) => items,
): Promise<{ items: QueueItem[]; truncated: boolean }> {
  const kept: ListedItem[] = [];
  let cursor: string | null = null;
  do {
    const page: RiskListPage = await listWorkflowsWithRisk({ ...request, take: PAGE, cursor }, ctx, scanThresholds());
    kept.push(...(await keep(page.items)));
    cursor = page.next;
  } while (cursor && kept.length < limit);
  return { items: kept.slice(0, limit).map(toItem), truncated: cursor !== null || kept.length > limit };
}

/** The list band in the queue's vocabulary: an unreadable score is "unknown", never safe. */
const asScoreBand = (risk: ListRisk): ScoreBand | null =>
  risk.band === 'pending' ? null : risk.band === 'unscanned' ? 'unknown' : risk.band;

/** The index search behind the CSAM preset: near, above or unreadable, in the last 24 h, worst first. */
export function unreviewedCsamRequest(now: Date): ListRequest {
  return {
    search: {
      userId: null,
      tags: [],
      q: null,
      from: new Date(now.getTime() - RECENT_WINDOW_MS).toISOString(),
      to: now.toISOString(),
      status: null,
      excludeFailed: false,
      order: 'newest',
    },
    take: PAGE,
    cursor: null,
    // Worst first: the index answers near, above and unreadable alike.
    risk: { minRisk: 'near', sort: 'risk' },
  };
}

/** The preset's items nobody has decided yet, in the console or upstream (a review tag). */
export async function keepUnreviewed<T extends Pick<ListedItem, 'id' | 'tags' | 'risk'>>(user: SessionUser, items: T[]): Promise<T[]> {
  const states = await reviewStates(user, items.map((item) => item.id));
  return items.filter((item) => {
    const band = asScoreBand(item.risk);
    return band !== null && needsCsamReview({ localKind: states.get(item.id)?.decision?.kind ?? null, tags: item.tags, worstBand: band });
  });
}

async function unreviewedCsam(user: SessionUser, ctx: CallContext, now: Date) {
  const { items, truncated } = await collect(unreviewedCsamRequest(now), MAX_QUEUE_ITEMS, ctx, (page) => keepUnreviewed(user, page));
  return { items, truncated, unchecked: 0 };
}

async function escalatedToMe(user: SessionUser, ctx: CallContext) {
  const ids = await openEscalations(user, MAX_QUEUE_ITEMS);
  const limit = pLimit(LOOKUPS_AT_ONCE);
  let unchecked = 0;
  const items = await Promise.all(
    ids.map((workflowId) =>
      limit(async (): Promise<QueueItem> => {
        try {
          return toItem(await getWorkflow(orchestrator(), workflowId, ctx));
        } catch (error) {
          if (toConsoleError(error).kind === 'aborted') throw error;
          // Still in the queue: an escalation must not vanish because the upstream hiccupped.
          unchecked += 1;
          return { workflowId, createdAt: '', status: 'unknown', tags: [] };
        }
      }),
    ),
  );
  return { items, truncated: ids.length >= MAX_QUEUE_ITEMS, unchecked };
}

/** A preset read from the index alone (no upstream call): one row more than the queue holds says it was cut. */
async function fromIndex(read: (limit: number) => Promise<{ id: string; createdAt: Date; status: string; tags: string[] }[]>) {
  const rows = await read(MAX_QUEUE_ITEMS + 1);
  const items = rows.slice(0, MAX_QUEUE_ITEMS).map((row) => toItem({ ...row, createdAt: row.createdAt.toISOString() }));
  return { items, truncated: rows.length > MAX_QUEUE_ITEMS, unchecked: 0 };
}

/** Workflows whose moderation gate the index last saw under review, newest first. */
const pendingGates = () => fromIndex(pendingModerationGates);

/** Workflows with an output matching an imported hash list, newest match first. */
const hashMatched = () => fromIndex(async (limit) => workflowsWithMatches(await db(), limit));

/**
 * The workflows of an output's near-duplicates, from the index alone: the output's own workflow first, then each
 * match's in distance order (a workflow once), as many pages of the similar search as the queue holds.
 */
async function similarItems(blobId: string, ctx: CallContext) {
  const source = await placeBlob(blobId);
  const order: string[] = source ? [source.workflowId] : [];
  let after: SimilarCursor | null = null;
  do {
    const page = await similarOutputs(blobId, { maxDistance: SIMILAR_DEFAULT_DISTANCE, dihedral: false, take: SIMILAR_MAX_TAKE, after }, ctx);
    for (const match of page.matches) if (!order.includes(match.workflowId)) order.push(match.workflowId);
    after = page.next ? decodeSimilarCursor(page.next) : null;
  } while (after && order.length <= MAX_QUEUE_ITEMS);
  const rows = new Map((await indexedWorkflowRows(order.slice(0, MAX_QUEUE_ITEMS))).map((row) => [row.id, row]));
  const items = order.flatMap((id) => {
    const row = rows.get(id);
    return row ? [toItem({ ...row, createdAt: row.createdAt.toISOString() })] : [];
  });
  return { items: items.slice(0, MAX_QUEUE_ITEMS), truncated: order.length > MAX_QUEUE_ITEMS, unchecked: 0 };
}

function presetItems(user: SessionUser, preset: QueuePresetId, ctx: CallContext, now: Date) {
  switch (preset) {
    case 'unreviewed-csam':
      return unreviewedCsam(user, ctx, now);
    case 'escalated-to-me':
      return escalatedToMe(user, ctx);
    case 'pending-moderation-gates':
      return pendingGates();
    case 'hash-match':
      return hashMatched();
  }
}

export async function buildQueue(user: SessionUser, spec: QueueSpec, ctx: CallContext, now = new Date()): Promise<QueueResponse> {
  // Read first: an item indexed while the queue is collected comes again live rather than not at all.
  const liveCursor = encodeCursor(await indexHead());
  const [collected, today] = await Promise.all([
    spec.kind === 'search'
      ? collect(spec.request, MAX_QUEUE_ITEMS, ctx).then((collected) => ({ ...collected, unchecked: 0 }))
      : spec.kind === 'similar'
        ? similarItems(spec.blobId, ctx)
        : presetItems(user, spec.preset, ctx, now),
    decidedToday(user, now),
  ]);
  // What a colleague has open now is theirs: the queue starts past it (live presence keeps it current afterwards).
  const others = await claimedByOthers(user, collected.items.map((item) => item.workflowId), now);
  return {
    label: spec.kind === 'preset' ? QUEUE_PRESETS[spec.preset].label : spec.kind === 'similar' ? `Near-duplicates of ${spec.blobId}` : 'Search results',
    preset: spec.kind === 'preset' ? spec.preset : null,
    ...collected,
    items: collected.items.filter((item) => !others.has(item.workflowId)),
    decidedToday: today,
    liveCursor,
    collectedAt: now.toISOString(),
  };
}
