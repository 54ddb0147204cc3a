import 'server-only';
import { sql } from 'drizzle-orm';
import pLimit from 'p-limit';
import { db } from '@/lib/db/client';
import { consoleLogger, type Logger } from '@/lib/log';
import type { OrchestratorClient } from '@/lib/orchestrator/client';
import { OrchestratorError, toConsoleError } from '@/lib/orchestrator/errors';
import type { Workflow } from '@/lib/orchestrator/types';
import { getWorkflow, listPage, type WorkflowSearch } from '@/lib/orchestrator/workflows';
import type { CsamThresholds } from '@/lib/moderation/scan';
import { backgroundContext, isTerminal, readForIndex, type ReadDeps } from './reader';
import { indexedStatuses, indexWorkflows, type IndexedOutputRef, type IndexSource } from './store';
import { addWork, claimWork, LeaseLost, releaseWork, saveWork, type Executor, type WorkKind, type WorkUnit } from './work';

/**
 * The indexer: fills the risk index from the upstream through the shared client, in units of work any number of
 * instances share (lib/risk-index/work.ts).
 *
 * - Backfill: the window (INDEX_BACKFILL_DAYS) cut into slices of createdAt, one unit each; a slice is listed with
 *   fromDate/toDate, newest first, following `next` to the end. The cursor is saved with each page's rows, and the
 *   last page's rows commit with `done`, so a taker-over resumes where the dead holder's last commit left off.
 * - Follower: one unit, held by one instance at a time, renewed every poll. Each poll lists from its high-water
 *   mark minus an overlap (the list filters by creation, not completion), indexes terminal workflows it does not
 *   hold yet, and parks running ones as `read` units.
 * - Reads: one workflow to read now (a callback's hint, a running workflow to re-read with back-off until terminal).
 * - Watched users: the manager list per Civitai user, a pass every few minutes down to what the last pass saw.
 * - Retention: rows of workflows created before INDEX_RETENTION_DAYS are deleted, with finished units.
 */

export interface IndexerOptions {
  client: OrchestratorClient;
  thresholds: CsamThresholds;
  /** This instance's name in `index_work.holder`. */
  holder: string;
  /**
   * The indexer's share of the upstream cap. The client enforces it on its slots (the background lane); twice as many
   * reads are under way here, so the share stays busy while answers are parsed and written.
   */
  concurrency: number;
  backfillDays: number;
  sliceMinutes: number;
  pollSeconds: number;
  retentionDays: number;
  /** Units worked on at once (the follower aside); default twice the concurrency, so the share of the cap stays busy
   * while some units wait on the database or on a list page. */
  workers?: number;
  leaseSeconds?: number;
  overlapMinutes?: number;
  /** Run the follower (off in tests that drive one source at a time). */
  follow?: boolean;
  /**
   * Told the outputs of every committed page, after the commit; must not block (the output hasher queues them). Set
   * by whoever starts the indexer (lib/startup.ts, scripts/indexer.ts): hashing sits in a layer above this one.
   */
  onOutputsIndexed?: (outputs: IndexedOutputRef[]) => void;
  log?: Logger;
}

const PAGE_TAKE = 100;
const FOLLOW_MAX_PAGES = 20;
const WATCH_REPASS_SECONDS = 120;
const RETRY_SECONDS = 15;
/** A running workflow is re-read with back-off for at most this long after it was first seen. */
const READ_GIVE_UP_HOURS = 24;
const MINUTE = 60_000;

/** An upstream failure in the moderator's words; anything else (the database) as it is, for the status page. */
function describe(caught: unknown): string {
  return caught instanceof OrchestratorError ? caught.message : caught instanceof Error ? caught.message : String(caught);
}

type SliceState = { from: string; to: string; cursor: string | null; indexed: number; pages: number };
type FollowerState = { highWater: string | null; polledAt: string | null; indexed: number };
type ReadState = { workflowId: string; source: IndexSource; firstSeen: string };
type WatchState = { userId: number; cursor: string | null; highWater: string | null; passNewest: string | null };

/** `toDate` is inclusive to the 100 ns tick: the instant just before the slice's end. */
function inclusiveEnd(endMs: number): string {
  return new Date(endMs - 1).toISOString().replace('Z', '9999Z');
}

function searchOf(from: string | null, to: string | null, userId: string | null = null): WorkflowSearch {
  return { userId, tags: [], q: null, from, to, status: null, excludeFailed: false, order: 'newest' };
}

/** The slices covering [now − days, now], aligned to multiples of the slice length so every instance plans the same keys. */
export function backfillSlices(now: Date, days: number, sliceMinutes: number): { key: string; state: SliceState }[] {
  const size = sliceMinutes * MINUTE;
  const first = Math.floor((now.getTime() - days * 1440 * MINUTE) / size) * size;
  const slices: { key: string; state: SliceState }[] = [];
  for (let start = first; start <= now.getTime(); start += size) {
    const from = new Date(start).toISOString();
    slices.push({ key: `slice:${from}`, state: { from, to: inclusiveEnd(start + size), cursor: null, indexed: 0, pages: 0 } });
  }
  return slices;
}

export function readKey(workflowId: string): string {
  return `read:${workflowId}`;
}

export class Indexer {
  private readonly deps: ReadDeps;
  private readonly lease: number;
  private readonly overlapMs: number;
  private readonly log: Logger;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly wake = new Set<() => void>();
  /** The last error any unit met in this process. */
  lastError: string | null = null;

  get holder(): string {
    return this.options.holder;
  }

  constructor(private readonly options: IndexerOptions) {
    this.deps = { client: options.client, thresholds: options.thresholds, limit: pLimit(2 * options.concurrency) };
    this.lease = options.leaseSeconds ?? 60;
    this.overlapMs = (options.overlapMinutes ?? 15) * MINUTE;
    this.log = options.log ?? consoleLogger;
  }

  /** Plans the backfill's slices (existing ones, done or not, are kept) and the follower's unit. */
  async plan(now = new Date()): Promise<number> {
    const { backfillDays, sliceMinutes } = this.options;
    const slices = backfillSlices(now, backfillDays, sliceMinutes).map((slice) => ({ ...slice, kind: 'slice' as const }));
    const added = await addWork(slices);
    await addWork([{ key: 'follower', kind: 'follower', state: { highWater: null, polledAt: null, indexed: 0 } }]);
    return added;
  }

  /** Claims and works one unit of the given kinds; false when none is free. */
  async workOnce(kinds: readonly WorkKind[] = ['read', 'watch', 'slice']): Promise<boolean> {
    const unit = await claimWork(this.options.holder, kinds, this.lease);
    if (!unit) return false;
    try {
      await this.run(unit);
    } catch (caught) {
      if (caught instanceof LeaseLost) {
        this.log('warn', 'index.lease_lost', { key: unit.key });
        return true;
      }
      const message = describe(caught);
      this.lastError = `${unit.key}: ${message}`;
      this.log('warn', 'index.unit_failed', { key: unit.key, attempts: unit.attempts, message });
      await releaseWork(this.options.holder, unit, message, RETRY_SECONDS * Math.min(unit.attempts, 8));
    }
    return true;
  }

  /** Works units until none is free (tests, benchmarks, `npm run indexer -- --once`). */
  async drain(kinds?: readonly WorkKind[]): Promise<void> {
    const workers = this.workers();
    await Promise.all(Array.from({ length: workers }, async () => {
      while (await this.workOnce(kinds));
    }));
  }

  private workers(): number {
    return this.options.workers ?? 2 * this.options.concurrency;
  }

  private run(unit: WorkUnit): Promise<void> {
    switch (unit.kind) {
      case 'slice':
        return this.runSlice(unit as unknown as WorkUnit<SliceState>);
      case 'read':
        return this.runRead(unit as unknown as WorkUnit<ReadState>);
      case 'watch':
        return this.runWatch(unit as unknown as WorkUnit<WatchState>);
      case 'follower':
        return this.follow(unit as unknown as WorkUnit<FollowerState>);
    }
  }

  /** Running workflows become `read` units, parked for a poll interval. */
  private pendingReads(workflows: readonly Workflow[], source: IndexSource): Parameters<typeof addWork>[0] {
    const notBefore = new Date(Date.now() + this.options.pollSeconds * 1000);
    const firstSeen = new Date().toISOString();
    return workflows
      .filter((workflow) => !isTerminal(workflow))
      .map((workflow) => ({ key: readKey(workflow.id), kind: 'read' as const, state: { workflowId: workflow.id, source, firstSeen }, notBefore }));
  }

  /** Indexes a page and saves the unit's progress in one transaction, fenced by the lease. */
  private async commit(
    unit: WorkUnit,
    workflows: readonly Workflow[],
    source: IndexSource,
    change: Parameters<typeof saveWork>[3],
  ): Promise<number> {
    const inputs = await readForIndex(this.deps, workflows);
    const reads = this.pendingReads(workflows, source);
    await indexWorkflows(inputs, source, new Date(), async (tx: Executor) => {
      await saveWork(tx, this.options.holder, unit, change);
      await addWork(reads, tx);
    });
    this.options.onOutputsIndexed?.(inputs.flatMap((input) => input.outputs.map(({ blobId, mediaType, available }) => ({ blobId, mediaType, available }))));
    return inputs.length;
  }

  private async runSlice(unit: WorkUnit<SliceState>): Promise<void> {
    const state = { ...unit.state };
    const search = searchOf(state.from, state.to);
    for (;;) {
      const page = await this.deps.limit(() => listPage(this.deps.client, search, state.cursor, PAGE_TAKE, backgroundContext(this.deps.client)));
      const last = page.next === null;
      // Counted with the rows, in one transaction: a slice redone from its cursor never counts a workflow twice.
      const next = { ...state, cursor: page.next, pages: state.pages + 1, indexed: state.indexed + page.workflows.filter(isTerminal).length };
      await this.commit(unit as WorkUnit, page.workflows, 'backfill', { state: next, done: last, leaseSeconds: this.lease, error: null });
      Object.assign(state, next);
      if (last) return;
    }
  }

  private async runRead(unit: WorkUnit<ReadState>): Promise<void> {
    const { workflowId, source, firstSeen } = unit.state;
    let workflow: Workflow;
    try {
      workflow = await this.deps.limit(() => getWorkflow(this.deps.client, workflowId, backgroundContext(this.deps.client)));
    } catch (caught) {
      const error = toConsoleError(caught);
      // Gone (deleted, ephemeral) or never there: nothing to index.
      if (error.kind === 'not_found' || error.kind === 'gone' || error.kind === 'invalid_input') {
        await saveWork(await db(), this.options.holder, unit, { done: true, error: error.message });
        return;
      }
      throw error;
    }
    if (isTerminal(workflow)) {
      await this.commit(unit as WorkUnit, [workflow], source, { done: true, error: null });
      return;
    }
    const giveUp = Date.parse(firstSeen) + READ_GIVE_UP_HOURS * 3_600_000 < Date.now();
    const backOff = Math.min(this.options.pollSeconds * 2 ** Math.min(unit.attempts, 6), 300);
    await saveWork(await db(), this.options.holder, unit, giveUp ? { done: true, error: 'still running after a day' } : { parkSeconds: backOff });
  }

  private async runWatch(unit: WorkUnit<WatchState>): Promise<void> {
    const state = { ...unit.state };
    const retentionStart = Date.now() - this.options.retentionDays * 1440 * MINUTE;
    const seenUpTo = Math.max(retentionStart, state.highWater ? Date.parse(state.highWater) - this.overlapMs : -Infinity);
    const search = searchOf(null, null, String(state.userId));
    for (;;) {
      const page = await this.deps.limit(() => listPage(this.deps.client, search, state.cursor, PAGE_TAKE, backgroundContext(this.deps.client)));
      const fresh = page.workflows.filter((workflow) => Date.parse(workflow.createdAt) >= seenUpTo);
      state.passNewest ??= fresh[0]?.createdAt ?? state.highWater;
      const end = page.next === null || fresh.length < page.workflows.length;
      const next: WatchState = end
        ? { userId: state.userId, cursor: null, highWater: state.passNewest, passNewest: null }
        : { ...state, cursor: page.next };
      await this.commit(unit as WorkUnit, fresh, 'watch', end ? { state: next, parkSeconds: WATCH_REPASS_SECONDS, error: null } : { state: next, leaseSeconds: this.lease });
      if (end) return;
      Object.assign(state, next);
    }
  }

  /** One poll of the follower; its unit stays held (the lease renewed) so no other instance follows meanwhile. */
  private async follow(unit: WorkUnit<FollowerState>): Promise<void> {
    const state = unit.state;
    const started = new Date();
    const windowStart = started.getTime() - this.options.backfillDays * 1440 * MINUTE;
    const from = Math.max(windowStart, (state.highWater ? Date.parse(state.highWater) : started.getTime()) - this.overlapMs);
    const search = searchOf(new Date(from).toISOString(), null);
    const listed: Workflow[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < FOLLOW_MAX_PAGES; pages += 1) {
      const page = await this.deps.limit(() => listPage(this.deps.client, search, cursor, PAGE_TAKE, backgroundContext(this.deps.client)));
      listed.push(...page.workflows);
      cursor = page.next;
      if (!cursor) break;
    }
    const held = await indexedStatuses(listed.map((workflow) => workflow.id));
    const fresh = listed.filter((workflow) => held.get(workflow.id) !== workflow.status);
    const newest = listed.reduce<string | null>((max, workflow) => (max === null || workflow.createdAt > max ? workflow.createdAt : max), state.highWater);
    const indexed = await this.commit(unit as WorkUnit, fresh, 'follower', {
      state: { highWater: newest, polledAt: started.toISOString(), indexed: state.indexed + fresh.filter(isTerminal).length },
      leaseSeconds: this.lease,
      error: null,
    });
    unit.state = { highWater: newest, polledAt: started.toISOString(), indexed: state.indexed + indexed };
  }

  /** Deletes what is older than the retention: indexed workflows (their outputs cascade) and finished units. */
  async retain(now = new Date()): Promise<void> {
    const cutoff = new Date(now.getTime() - this.options.retentionDays * 1440 * MINUTE);
    const database = await db();
    await database.execute(sql`delete from indexed_workflow where created_at < ${cutoff.toISOString()}::timestamptz`);
    await database.execute(sql`delete from index_work where done and updated_at < ${cutoff.toISOString()}::timestamptz`);
    await database.execute(sql`delete from index_work where kind = 'slice' and key < ${`slice:${cutoff.toISOString()}`}`);
  }

  /** Starts the loops: planning and retention hourly, the follower, and `workers` claim loops. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = async (name: string, body: () => Promise<number>) => {
      while (this.running) {
        let waitMs: number;
        try {
          waitMs = await body();
        } catch (caught) {
          this.lastError = `${name}: ${describe(caught)}`;
          this.log('warn', 'index.loop_failed', { loop: name, message: this.lastError });
          waitMs = RETRY_SECONDS * 1000;
        }
        if (this.running && waitMs > 0) await this.sleep(waitMs);
      }
    };
    this.loops.push(
      loop('plan', async () => {
        await this.plan();
        await this.retain();
        this.nudge();
        return 3_600_000;
      }),
    );
    if (this.options.follow !== false) this.loops.push(loop('follower', () => this.followLoop()));
    for (let worker = 0; worker < this.workers(); worker += 1) {
      this.loops.push(loop('work', async () => ((await this.workOnce()) ? 0 : this.options.pollSeconds * 1000)));
    }
  }

  private held: WorkUnit<FollowerState> | null = null;

  private async followLoop(): Promise<number> {
    const unit = this.held ?? ((await claimWork(this.options.holder, ['follower'], this.lease)) as WorkUnit<FollowerState> | null);
    if (!unit) return this.options.pollSeconds * 1000;
    this.held = unit;
    try {
      await this.follow(unit);
    } catch (caught) {
      if (caught instanceof LeaseLost) this.held = null;
      throw caught;
    }
    return this.options.pollSeconds * 1000;
  }

  /** Wakes sleeping claim loops (a callback marked a workflow to read). */
  nudge(): void {
    for (const wake of [...this.wake]) wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.add(done);
    });
  }

  /** Stops the loops; a held follower unit is given back at once so another instance follows without waiting. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await Promise.allSettled(this.loops);
    this.loops = [];
    if (this.held) {
      await releaseWork(this.options.holder, this.held, null, 0);
      this.held = null;
    }
  }
}
