import 'server-only';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '@/lib/auth/session-user';
import { db } from '@/lib/db/client';
import { scanThresholds } from '@/lib/moderation/config';
import { encodeCursor, indexedBetween, indexHead, type LiveCursor } from '@/lib/risk-index/live';
import type { IndexedListItem } from '@/lib/risk-index/list';
import { rowsOf } from '@/lib/risk-index/work';
import type { ReviewClaim } from './api-types';
import { liveClaims } from './claims';
import { DECISION_KINDS, reviewTag } from './decision';
import type { QueueSpec } from './queue-query';
import { keepUnreviewed, unreviewedCsamRequest } from './queue-source';

/**
 * The live queue: what the risk index learnt since a point, for the queue or risk-filtered list a tab has open, and
 * the header's count of unreviewed above-threshold outputs. One poller per process reads the index head; each
 * stream reads only its own scope, and only when the head moved. Every stream also carries presence: the live
 * claims (who is reviewing what), read by one poller per process, so a claim made on any console instance reaches
 * every open queue and workflow page within about a second.
 */

/** A tab's scope: a queue (preset or search), or nothing but the header count. */
export type LiveScope = QueueSpec | { kind: 'none' };

export interface LiveCounts {
  /** Outputs in the CSAM band "above" whose workflow nobody has decided yet (here or by a review tag). */
  aboveUnreviewed: number;
}

export interface LivePoll {
  cursor: string;
  items: IndexedListItem[];
  counts: LiveCounts;
  claims: ReviewClaim[];
}

const POLL_INDEX_MS = 1_000;
const COUNT_EVERY_TICKS = 10;
const COUNTS_FRESH_MS = 2_000;
/** Items in one event; a longer backlog comes in several events. */
const ITEMS_PER_EVENT = 100;
const HEARTBEAT_MS = 15_000;
/** Claims are read this often while a stream is open: a claim reaches the other reviewers within 2 s. */
const POLL_CLAIMS_MS = 500;
/** The browser reconnects (Last-Event-ID) after this, which re-checks the session and role. */
export const STREAM_LIFETIME_MS = 120_000;

/** New items of a scope between two points, and where the next read resumes. */
async function itemsBetween(user: SessionUser, scope: LiveScope, after: LiveCursor, upTo: LiveCursor) {
  if (scope.kind === 'none') return { items: [], resume: upTo };
  // Escalations arrive by decision, not from the index: that preset has no live items. Nor has a similar search:
  // a newly indexed near-duplicate is hashed after it is indexed, so the index head says nothing about it.
  if (scope.kind === 'similar' || (scope.kind === 'preset' && scope.preset !== 'unreviewed-csam')) return { items: [], resume: upTo };
  const request = scope.kind === 'preset' ? unreviewedCsamRequest(new Date()) : scope.request;
  const { items, last } = await indexedBetween(request, after, upTo, scanThresholds(), ITEMS_PER_EVENT);
  return { items: scope.kind === 'preset' ? await keepUnreviewed(user, items) : items, resume: last ?? upTo };
}

/** How long one scope's read between two points is shared: every stream of that scope at that point reads once. */
const SHARED_READ_MS = 5_000;
const sharedReads = new Map<string, { at: number; read: ReturnType<typeof itemsBetween> }>();

/**
 * {@link itemsBetween}, read once for every stream of the same scope at the same points (the tabs of a team on one
 * queue move together, one index head at a time); the answer is the same whoever asks, the role was checked first.
 */
function sharedItemsBetween(user: SessionUser, scope: LiveScope, after: LiveCursor, upTo: LiveCursor): ReturnType<typeof itemsBetween> {
  const now = Date.now();
  for (const [key, entry] of sharedReads) if (now - entry.at > SHARED_READ_MS) sharedReads.delete(key);
  const key = `${JSON.stringify(scope)}|${encodeCursor(after)}|${encodeCursor(upTo)}`;
  const found = sharedReads.get(key);
  if (found) return found.read;
  const read = itemsBetween(user, scope, after, upTo);
  sharedReads.set(key, { at: now, read });
  read.catch(() => sharedReads.delete(key));
  return read;
}

const REVIEW_TAGS = DECISION_KINDS.map((kind) => reviewTag(kind));

async function unreviewedAboveCount(): Promise<LiveCounts> {
  const database = await db();
  const [row] = rowsOf(
    await database.execute(sql`
      select count(*)::int as count
        from indexed_output o
        join indexed_workflow w on w.id = o.workflow_id
       where o.csam_percent >= ${scanThresholds().above}
         and not exists (select 1 from unnest(w.tags) tag where lower(tag) in (${sql.join(REVIEW_TAGS.map((tag) => sql`${tag}`), sql`, `)}))
         and not exists (
           select 1 from review_decisions d
            where d.workflow_id = w.id and d.blob_id is null and d.kind is not null
              and d.version = (select max(latest.version) from review_decisions latest where latest.subject_key = d.subject_key))`),
  );
  return { aboveUnreviewed: Number(row?.count ?? 0) };
}

/** One timer per process, running while any stream listens; `last` is what the listeners last heard. */
abstract class SharedPoller<Listener> {
  protected readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | null = null;
  protected last = '';

  constructor(private readonly everyMs: number) {}

  protected get polling(): boolean {
    return this.timer !== null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => void this.tick(), this.everyMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.last = '';
      }
    };
  }

  protected abstract tick(): Promise<void>;
}

/**
 * One read of the index head per second per process, shared by every open stream, while any is open; the count is
 * computed once for all of them, when the head moves and every 10 s (decisions change it without moving the head).
 */
class IndexHeadWatcher extends SharedPoller<(head: LiveCursor, counts: LiveCounts) => void> {
  private ticks = 0;
  private lastCount = -1;
  private cached: { headKey: string; at: number; value: Promise<LiveCounts> } | null = null;

  constructor() {
    super(POLL_INDEX_MS);
  }

  /**
   * The count at the index point `headKey`, computed at most once per COUNTS_FRESH_MS for one point whoever asks
   * (streams, polls, page loads): a moved head is always counted again.
   */
  counts(headKey: string): Promise<LiveCounts> {
    const cached = this.cached;
    if (cached && cached.headKey === headKey && Date.now() - cached.at < COUNTS_FRESH_MS) return cached.value;
    const entry = { headKey, at: Date.now(), value: unreviewedAboveCount() };
    this.cached = entry;
    entry.value.catch(() => {
      if (this.cached === entry) this.cached = null;
    });
    return entry.value;
  }

  protected async tick() {
    try {
      this.ticks += 1;
      const head = await indexHead();
      const key = encodeCursor(head);
      const moved = key !== this.last;
      if (!moved && this.ticks % COUNT_EVERY_TICKS !== 0) return;
      const counts = await this.counts(key);
      if (!moved && counts.aboveUnreviewed === this.lastCount) return;
      this.last = key;
      this.lastCount = counts.aboveUnreviewed;
      for (const listener of this.listeners) listener(head, counts);
    } catch {
      // The next tick tries again; streams keep their heartbeats meanwhile.
    }
  }
}

/**
 * One read of the live claims per POLL_CLAIMS_MS per process, shared by every open stream, while any is open; a
 * listener hears the whole list whenever it changed (a claim, a renewal, a release, a take-over, an expiry).
 */
class ClaimsWatcher extends SharedPoller<(claims: ReviewClaim[]) => void> {
  private current: ReviewClaim[] = [];

  constructor() {
    super(POLL_CLAIMS_MS);
  }

  protected async tick() {
    try {
      const claims = await liveClaims();
      const key = JSON.stringify(claims);
      if (key === this.last) return;
      this.last = key;
      this.current = claims;
      for (const listener of this.listeners) listener(claims);
    } catch {
      // The next tick tries again.
    }
  }

  /** What the streams last heard, or a fresh read when none is open. */
  async snapshot(): Promise<ReviewClaim[]> {
    return this.polling && this.last ? this.current : liveClaims();
  }
}

const WATCHER = Symbol.for('orchestration-console.index-head-watcher');
const CLAIMS_WATCHER = Symbol.for('orchestration-console.claims-watcher');
const shared = globalThis as { [WATCHER]?: IndexHeadWatcher; [CLAIMS_WATCHER]?: ClaimsWatcher };
const watcher = () => (shared[WATCHER] ??= new IndexHeadWatcher());
const claimsWatcher = () => (shared[CLAIMS_WATCHER] ??= new ClaimsWatcher());

/** The polling fallback: what is new since `after` (or just the current point and counts when not given). */
export async function pollLive(user: SessionUser, scope: LiveScope, after: LiveCursor | undefined): Promise<LivePoll> {
  const head = await indexHead();
  const { items, resume } = after ? await sharedItemsBetween(user, scope, after, head) : { items: [], resume: head };
  const [counts, claims] = await Promise.all([watcher().counts(encodeCursor(head)), claimsWatcher().snapshot()]);
  return { cursor: encodeCursor(resume), items, counts, claims };
}

const encoder = new TextEncoder();
const frame = (event: string, data: unknown, id?: string) => `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * A server-sent events stream: `items` events with the scope's new items, `counts` events for the header, `claims`
 * events with every live claim whenever they change (and once at the start), a heartbeat comment every 15 s. Every event carries the point it reached as its id, so a reconnect resumes there.
 */
export function liveStream(user: SessionUser, scope: LiveScope, start: LiveCursor | undefined, signal: AbortSignal): Response {
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      let cursor = start ?? (await indexHead());
      let pending: { head: LiveCursor; counts: LiveCounts } | null = null;
      let running = false;
      // Reads up to the newest head seen, in order; a head that moves meanwhile is read next.
      const catchUp = async (head: LiveCursor, counts: LiveCounts) => {
        pending = { head, counts };
        if (running) return;
        running = true;
        try {
          while (pending && !closed) {
            const target: { head: LiveCursor; counts: LiveCounts } = pending;
            pending = null;
            let reached = false;
            while (!reached && !closed) {
              const { items, resume } = await sharedItemsBetween(user, scope, cursor, target.head);
              cursor = resume;
              reached = encodeCursor(resume) === encodeCursor(target.head);
              if (items.length) send(frame('items', { items }, encodeCursor(cursor)));
            }
            send(frame('counts', target.counts, encodeCursor(cursor)));
          }
        } catch {
          // A failed read ends this stream; the browser reconnects from the last id it got.
          cleanup();
        } finally {
          running = false;
        }
      };
      const unsubscribeHead = watcher().subscribe((head, counts) => void catchUp(head, counts));
      const unsubscribeClaims = claimsWatcher().subscribe((claims) => send(frame('claims', { claims })));
      const unsubscribe = () => {
        unsubscribeHead();
        unsubscribeClaims();
      };
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
      const lifetime = setTimeout(() => cleanup(), STREAM_LIFETIME_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        signal.removeEventListener('abort', cleanup);
        controller.close();
      };
      if (signal.aborted) return cleanup();
      signal.addEventListener('abort', cleanup);
      send('retry: 3000\n\n');
      send(frame('claims', { claims: await claimsWatcher().snapshot() }));
      // A resumed stream first delivers what it missed; a new one starts with the counts.
      const head = await indexHead();
      await catchUp(head, await watcher().counts(encodeCursor(head)));
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: the server's compression would otherwise hold events back.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
