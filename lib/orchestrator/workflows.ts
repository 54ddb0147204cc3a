import 'server-only';
import { z } from 'zod';
import type { Logger } from '@/lib/log';
import { consoleLogger } from '@/lib/log';
import { upstreamPath, type CallContext, type OrchestratorClient, type Query } from './client';
import { fingerprint, type CursorCodec, type ResumePoint } from './cursor';
import { toStep, toWorkflow } from './reshape';
import {
  TERMINAL_STATUSES,
  WorkflowSchema,
  WorkflowStepSchema,
  type WireWorkflow,
  type WorkflowStatus,
} from './schemas';
import type { Workflow, WorkflowPage, WorkflowStep } from './types';

/** Moderators must see what is there; gating happens in the console's own layer. */
const SHOW_EVERYTHING = { hideMatureContent: false } as const;

/** A finished workflow does not change (contract §3.6); a running one does. */
const cacheWorkflowFor = (workflow: { status: WorkflowStatus }) =>
  TERMINAL_STATUSES.has(workflow.status) ? 30_000 : 2_000;

export async function getWorkflow(client: OrchestratorClient, id: string, ctx?: CallContext): Promise<Workflow> {
  const wire = await client.getJson({
    path: upstreamPath`/v2/consumer/workflows/${id}`,
    query: SHOW_EVERYTHING,
    schema: WorkflowSchema,
    what: 'workflow',
    ctx,
    cacheFor: cacheWorkflowFor,
  });
  return toWorkflow(wire, id);
}

export async function getWorkflowStep(
  client: OrchestratorClient,
  workflowId: string,
  stepName: string,
  ctx?: CallContext,
): Promise<WorkflowStep> {
  const wire = await client.getJson({
    path: upstreamPath`/v2/consumer/workflows/${workflowId}/steps/${stepName}`,
    query: SHOW_EVERYTHING,
    schema: WorkflowStepSchema,
    what: 'step',
    ctx,
    cacheFor: cacheWorkflowFor,
  });
  return toStep(wire);
}

export type WorkflowOrder = 'newest' | 'oldest';

/** A validated search. Tags already include the end user's `user:<id>` tag. */
export interface WorkflowSearch {
  /** A Civitai user id: list through the manager endpoint. Null: the consumer query. */
  userId: string | null;
  tags: string[];
  q: string | null;
  /** ISO instants, inclusive. */
  from: string | null;
  to: string | null;
  status: WorkflowStatus | null;
  excludeFailed: boolean;
  order: WorkflowOrder;
}

export interface ListOptions {
  take: number;
  cursor: string | null;
  /** Bound on upstream calls for one console request. */
  maxUpstreamCalls?: number;
  /** Upstream page size while the console filters locally. */
  scanTake?: number;
  log?: Logger;
}

interface UpstreamPage {
  /** In upstream order; undefined where an item failed its schema (kept so offsets stay true). */
  items: (WireWorkflow | undefined)[];
  next: string | null;
}

/**
 * List pages are read item by item: one malformed workflow must not hide the other 99 (it is counted instead, and
 * the moderator is told). The page itself must still be a page.
 */
const LenientPageSchema = z.looseObject({ items: z.array(z.unknown()), next: z.string().nullish() });
/** The manager list: `{items, next}` or a bare array (contract §9.1). */
const LenientManagerListSchema = z.union([
  LenientPageSchema,
  z.array(z.unknown()).transform((items) => ({ items, next: null })),
]);

type FetchPage = (upstreamCursor: string | null, take: number) => Promise<UpstreamPage>;

/** The two list endpoints take the same filters under different names (and only the consumer one takes dates). */
interface ListEndpoint {
  path: string;
  schema: z.ZodType<{ items: unknown[]; next?: string | null }>;
  names: { take: string; cursor: string; tags: string; query: string; excludeFailed: string; oldestFirst: string };
  extra: (search: WorkflowSearch) => Query;
}

const CONSUMER_LIST: ListEndpoint = {
  path: '/v2/consumer/workflows',
  schema: LenientPageSchema,
  names: { take: 'take', cursor: 'cursor', tags: 'tags', query: 'query', excludeFailed: 'excludeFailed', oldestFirst: 'ascending' },
  extra: (search) => ({ fromDate: search.from, toDate: search.to }),
};

/** `/v1/manager/workflows?UserId=`: PascalCase parameters (the SKILL's spelling), either list shape (contract §9.1). */
const MANAGER_LIST: ListEndpoint = {
  path: '/v1/manager/workflows',
  schema: LenientManagerListSchema,
  names: { take: 'Take', cursor: 'Cursor', tags: 'Tags', query: 'Query', excludeFailed: 'ExcludeFailed', oldestFirst: 'Inverse' },
  extra: (search) => ({ UserId: search.userId }),
};

/** One list endpoint as a page reader; both list shapes come out as `{ items, next }`. */
function pagesOf(client: OrchestratorClient, endpoint: ListEndpoint, search: WorkflowSearch, ctx?: CallContext): FetchPage {
  const { names } = endpoint;
  return async (cursor, take) => {
    const query: Query = {
      ...endpoint.extra(search),
      [names.take]: take,
      [names.cursor]: cursor,
      [names.tags]: search.tags,
      [names.query]: search.q,
      [names.excludeFailed]: search.excludeFailed || undefined,
      [names.oldestFirst]: search.order === 'oldest' || undefined,
      ...SHOW_EVERYTHING,
    };
    const page = await client.getJson({ path: endpoint.path, query, schema: endpoint.schema, what: 'workflow list', ctx });
    const items = page.items.map((item) => {
      const parsed = WorkflowSchema.safeParse(item);
      return parsed.success ? parsed.data : undefined;
    });
    return { items, next: page.next ?? null };
  };
}

/**
 * One upstream list page as it comes, for readers that walk a whole listing themselves (the risk indexer): the
 * workflows that parsed, how many did not, and the upstream's own cursor for the next page.
 */
export async function listPage(
  client: OrchestratorClient,
  search: WorkflowSearch,
  upstreamCursor: string | null,
  take: number,
  ctx?: CallContext,
): Promise<{ workflows: Workflow[]; unreadable: number; next: string | null }> {
  const page = await pagesOf(client, search.userId ? MANAGER_LIST : CONSUMER_LIST, search, ctx)(upstreamCursor, take);
  const workflows = page.items.flatMap((wire) => (wire?.id ? [toWorkflow(wire)] : []));
  return { workflows, unreadable: page.items.length - workflows.length, next: page.next };
}

/** What the upstream cannot filter by, checked here: the exact status, and dates on the manager endpoint. */
function localFilter(search: WorkflowSearch): ((workflow: WireWorkflow) => boolean) | null {
  const checks: ((workflow: WireWorkflow) => boolean)[] = [];
  if (search.status) checks.push((workflow) => workflow.status === search.status);
  if (search.userId && (search.from || search.to)) {
    const from = search.from ? Date.parse(search.from) : -Infinity;
    const to = search.to ? Date.parse(search.to) : Infinity;
    checks.push((workflow) => {
      const created = Date.parse(workflow.createdAt);
      return created >= from && created <= to;
    });
  }
  return checks.length === 0 ? null : (workflow) => checks.every((check) => check(workflow));
}

/**
 * One page of workflows for a search. Without a local filter it is one upstream call. With one (status), the console
 * pages upstream until it has `take` matches, the upstream ends, or the call bound is reached; the signed cursor
 * then resumes exactly after the last workflow read, so every match is returned once.
 */
export async function listWorkflows(
  client: OrchestratorClient,
  codec: CursorCodec,
  search: WorkflowSearch,
  options: ListOptions,
  ctx?: CallContext,
): Promise<WorkflowPage> {
  const filterPrint = fingerprint(search);
  // Decoded before any upstream call: a bad cursor costs nothing upstream.
  const resume = options.cursor ? codec.decode(options.cursor, filterPrint) : null;
  const matches = localFilter(search);
  const fetchPage = pagesOf(client, search.userId ? MANAGER_LIST : CONSUMER_LIST, search, ctx);
  const log = options.log ?? consoleLogger;
  const maxCalls = options.maxUpstreamCalls ?? 8;
  const upstreamTake = resume?.upstreamTake ?? (matches ? Math.max(options.take, options.scanTake ?? 100) : options.take);

  const items: Workflow[] = [];
  const seenIds = new Set<string>();
  let upstreamCursor = resume?.upstreamCursor ?? null;
  const seenCursors = new Set<string | null>([upstreamCursor]);
  let offset = resume?.offset ?? 0;
  let anchor = resume?.lastId ?? null;
  let scanned = 0;
  let unreadable = 0;
  let calls = 0;
  const point = (at: Omit<ResumePoint, 'upstreamTake'>) => codec.encode({ ...at, upstreamTake }, filterPrint);
  const page = (next: string | null, filled: boolean): WorkflowPage => ({
    items,
    next,
    scanned,
    unreadable,
    upstreamCalls: calls,
    filled,
  });

  for (;;) {
    if (calls >= maxCalls) {
      return page(point({ upstreamCursor, offset, lastId: anchor }), false);
    }
    const upstream = await fetchPage(upstreamCursor, upstreamTake);
    calls += 1;
    const start = resumeIndex(upstream.items, offset, anchor);
    for (let index = start; index < upstream.items.length; index += 1) {
      const wire = upstream.items[index];
      scanned += 1;
      // Unreadable, or without an id (it cannot be opened or attributed): counted, so the moderator knows.
      if (!wire?.id) {
        unreadable += 1;
        continue;
      }
      // A repeated id was already served.
      if (seenIds.has(wire.id)) continue;
      seenIds.add(wire.id);
      if (matches && !matches(wire)) continue;
      items.push(toWorkflow(wire));
      if (items.length < options.take) continue;
      if (index + 1 < upstream.items.length) {
        return page(point({ upstreamCursor, offset: index + 1, lastId: wire.id }), true);
      }
      const after = followingCursor(upstream.next, seenCursors);
      return page(after === null ? null : point({ upstreamCursor: after, offset: 0, lastId: null }), true);
    }
    const after = followingCursor(upstream.next, seenCursors);
    if (after === null) {
      if (upstream.next) log('warn', 'upstream.cursor_repeated', { calls });
      return page(null, true);
    }
    seenCursors.add(after);
    upstreamCursor = after;
    offset = 0;
    anchor = null;
  }
}

/** The next upstream cursor, or null at the end, or when the upstream hands back a cursor it already gave (a loop). */
function followingCursor(next: string | null, seen: Set<string | null>): string | null {
  return next && !seen.has(next) ? next : null;
}

/**
 * Where to continue in a re-read upstream page: just after the last workflow served. If the page shifted (new
 * workflows arrived on top of the first page) the anchor id finds the spot; otherwise the offset stands.
 */
function resumeIndex(items: UpstreamPage['items'], offset: number, anchor: string | null): number {
  if (anchor === null || items[offset - 1]?.id === anchor) return offset;
  const found = items.findIndex((item) => item?.id === anchor);
  return found >= 0 ? found + 1 : offset;
}
