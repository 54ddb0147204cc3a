import { FAILED_STATUSES, TERMINAL_STATUSES } from '../lib/orchestrator/schemas';
import { HandleCodec } from './handles';
import { idTimestamp } from './format';
import { controlledPlan, scenarioPlan, scenarioSpecs, type ControlledRisk } from './scenarios';
import { materialise, type MaterialiseContext } from './seed/materialise';
import { planMetadata, planWorkflow } from './seed/plan';
import { integratorTags, makePopulation, makeRecords, MIN_WORKFLOWS, type Population } from './seed/population';
import type { BlobFact, JobFact, WorkflowModel, WorkflowPlan, WorkflowRecord } from './seed/types';
import { Rng } from './rng';
import { cloneJson } from './wire';

/**
 * The emulator's data: one compact record per workflow, always in memory and sorted newest first, and the full
 * workflow rebuilt on demand from (seed, index) behind a bounded cache. A workflow that a write has touched is kept
 * whole from then on, so writes persist for the life of the process.
 */

export interface StoreOptions {
  seed: number;
  workflows: number;
  anchorMs: number;
  /** `exp` of signed URLs issued by this process. */
  urlExpiry: string;
}

/** A position in the newest-first order: createdAt (ms + 100 ns ticks), then id. */
export interface SortKey {
  ms: number;
  sub: number;
  id: string;
}

export interface WorkflowFilter {
  /** Only this owner's workflows; undefined = any owner. */
  owner?: number;
  tags: readonly string[];
  query?: string;
  from?: { ms: number; sub: number };
  to?: { ms: number; sub: number };
  excludeFailed: boolean;
  ascending: boolean;
  after?: SortKey;
  take: number;
}

export interface TaintRecord {
  jobId: string;
  reason: string;
  context: Record<string, unknown> | null;
  at: string;
  auth: string;
}

const CACHE_SIZE = 2_000;

function compareKeys(a: SortKey, b: SortKey): number {
  return a.ms - b.ms || a.sub - b.sub || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export const keyOf = (record: WorkflowRecord): SortKey => ({ ms: record.createdMs, sub: record.createdSub, id: record.id });

export class Store {
  readonly seed: number;
  readonly anchorMs: number;
  readonly population: Population;
  readonly records: WorkflowRecord[];
  readonly codec: HandleCodec;
  readonly context: MaterialiseContext;
  readonly taints: TaintRecord[] = [];
  /** The last strikes review of each flagged Civitai user: their strike group reads `Reviewed` from then on. */
  readonly strikeReviews = new Map<number, { moderatorId: number; notes: string; at: string }>();
  /** Newest first. */
  private readonly order: WorkflowRecord[];
  private readonly byId = new Map<string, WorkflowRecord>();
  private readonly cache = new Map<number, WorkflowModel>();
  private readonly written = new Map<number, Record<string, unknown>>();
  private readonly waiters = new Map<number, Set<() => void>>();
  /** Plans of workflows completed through the control endpoint, by index. */
  private readonly controlled = new Map<number, WorkflowPlan>();

  constructor(options: StoreOptions) {
    this.seed = options.seed;
    this.anchorMs = options.anchorMs;
    const count = Math.max(MIN_WORKFLOWS, Math.floor(options.workflows));
    this.population = makePopulation(options.seed, count);
    this.codec = new HandleCodec(`emulator-${options.seed}`);
    this.context = { seed: options.seed, codec: this.codec, urlExpiry: options.urlExpiry };
    this.records = makeRecords(options.seed, count, this.population, options.anchorMs, scenarioSpecs(options.seed, this.population, options.anchorMs));
    for (const record of this.records) this.byId.set(record.id, record);
    // Compared field by field: building key objects per comparison dominates at 100,000 records.
    this.order = [...this.records].sort(
      (a, b) => b.createdMs - a.createdMs || b.createdSub - a.createdSub || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0),
    );
  }

  get size(): number {
    return this.records.length;
  }

  find(id: string): WorkflowRecord | undefined {
    return this.byId.get(id);
  }

  /** Gone for consumer reads: soft-deleted, or ephemeral and finished (contract §2.1). */
  isGone(record: WorkflowRecord): boolean {
    return record.deletedAt !== null || (record.ephemeral && TERMINAL_STATUSES.has(record.status));
  }

  scenario(key: string): WorkflowRecord {
    const record = this.records.find((candidate) => candidate.scenario === key);
    if (!record) throw new Error(`no scenario ${key}`);
    return record;
  }

  model(record: WorkflowRecord): WorkflowModel {
    let built = this.cache.get(record.index);
    if (built) {
      this.cache.delete(record.index); // re-insert: Map order is the LRU order
    } else {
      const plan = this.controlled.get(record.index) ?? scenarioPlan(this.seed, record) ?? planWorkflow(this.seed, record);
      built = materialise(record, plan, this.context);
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number);
    }
    this.cache.set(record.index, built);
    const written = this.written.get(record.index);
    return written ? { ...built, workflow: written } : built;
  }

  findJob(jobId: string): { model: WorkflowModel; job: JobFact } | undefined {
    const handle = this.codec.decodeJobId(jobId);
    const record = handle && this.records[handle.workflowIndex];
    if (!record) return undefined;
    const model = this.model(record);
    const job = model.jobs.get(jobId);
    return job && { model, job };
  }

  findBlob(blobId: string): { model: WorkflowModel; blob: BlobFact } | undefined {
    const index = this.codec.decodeBlobWorkflow(blobId);
    const record = index === undefined ? undefined : this.records[index];
    if (!record) return undefined;
    const model = this.model(record);
    const blob = model.blobs.get(blobId);
    return blob && { model, blob };
  }

  private searchText(record: WorkflowRecord): string {
    if (record.searchText === undefined) {
      // Generated metadata comes from its own cheap stream; only written and hand-planned workflows need their document.
      const metadata =
        this.written.get(record.index)?.metadata ?? (record.scenario ? this.model(record).workflow.metadata : planMetadata(this.seed, record).metadata);
      record.searchText = JSON.stringify(metadata ?? {}).toLowerCase();
    }
    return record.searchText;
  }

  private matches(record: WorkflowRecord, filter: WorkflowFilter, query: string | undefined): boolean {
    if (filter.owner !== undefined && record.owner !== filter.owner) return false;
    if (this.isGone(record)) return false;
    if (filter.excludeFailed && FAILED_STATUSES.has(record.status)) return false;
    for (const tag of filter.tags) if (!record.tags.includes(tag)) return false;
    const key = keyOf(record);
    if (filter.from && compareKeys(key, { ...filter.from, id: '' }) < 0) return false;
    if (filter.to && compareKeys(key, { ...filter.to, id: '\uffff' }) > 0) return false;
    if (query !== undefined && !this.searchText(record).includes(query)) return false;
    return true;
  }

  /**
   * One page in newest-first (or oldest-first) order after a cursor position. Cursors name a position, not an offset,
   * so pages neither skip nor repeat while workflows are added, deleted or edited.
   */
  query(filter: WorkflowFilter): { items: WorkflowRecord[]; next: SortKey | null } {
    const query = filter.query?.trim().toLowerCase() || undefined;
    const items: WorkflowRecord[] = [];
    const step = filter.ascending ? -1 : 1;
    let i = filter.after ? this.startAfter(filter.after, filter.ascending) : filter.ascending ? this.order.length - 1 : 0;
    // Newest first within dates: jump past everything created after `to` and stop at the first record before `from`,
    // so a date-bounded listing (the risk indexer's slices) costs its window, not the whole store.
    if (!filter.ascending && filter.to) i = Math.max(i, this.startAfter({ ...filter.to, id: '\uffff' }, false));
    const before = !filter.ascending && filter.from ? { ...filter.from, id: '' } : null;
    for (; i >= 0 && i < this.order.length; i += step) {
      const record = this.order[i] as WorkflowRecord;
      if (before && compareKeys(keyOf(record), before) < 0) break;
      if (!this.matches(record, filter, query)) continue;
      if (items.length === filter.take) return { items, next: keyOf(items[items.length - 1] as WorkflowRecord) };
      items.push(record);
    }
    return { items, next: null };
  }

  /** Index of the first record strictly beyond `after` in the walking direction. */
  private startAfter(after: SortKey, ascending: boolean): number {
    // `order` is descending; find the first index whose key is < after.
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(keyOf(this.order[mid] as WorkflowRecord), after) >= 0) lo = mid + 1;
      else hi = mid;
    }
    if (!ascending) return lo;
    // Ascending walks toward index 0: start at the last index whose key is > after.
    let j = lo - 1;
    while (j >= 0 && compareKeys(keyOf(this.order[j] as WorkflowRecord), after) === 0) j -= 1;
    return j;
  }

  /** Applies a write to the workflow's whole document and keeps the record (what queries filter on) in step. */
  write(record: WorkflowRecord, change: (workflow: Record<string, unknown>) => void): void {
    let workflow = this.written.get(record.index);
    if (!workflow) {
      workflow = cloneJson(this.model(record).workflow);
      this.written.set(record.index, workflow);
    }
    change(workflow);
    record.tags = [...((workflow.tags as string[] | null) ?? [])];
    record.status = workflow.status as WorkflowRecord['status'];
    record.deletedAt = (workflow.deletedAt as string | null) ?? null;
    record.searchText = undefined;
    for (const wake of this.waiters.get(record.index) ?? []) wake();
  }

  /** Resolves when the workflow is next written, or after `ms`, or on abort. */
  waitForWrite(record: WorkflowRecord, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(record.index) ?? new Set();
      this.waiters.set(record.index, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Completes one new workflow now (the control endpoint's `POST /workflows`): one image with the chosen CSAM risk,
   * owned by a Civitai user, or by the integrator for an end user (the scenario end user when none is given).
   */
  complete(options: { ownerId?: number; endUser?: number; risk: ControlledRisk }, nowMs = Date.now()): WorkflowRecord {
    const index = this.records.length;
    const rng = new Rng(this.seed, 'controlled', index);
    const owner = options.ownerId ?? this.population.integrator;
    const integrator = owner === this.population.integrator;
    const endUser = integrator ? (options.endUser ?? this.population.scenarioEndUser) : undefined;
    let createdMs = nowMs - 2_000;
    while (this.byId.has(`${owner}-${idTimestamp(createdMs)}`)) createdMs += 1;
    const record: WorkflowRecord = {
      index,
      id: `${owner}-${idTimestamp(createdMs)}`,
      owner,
      createdMs,
      createdSub: rng.int(0, 9999),
      status: 'succeeded',
      kind: integrator ? 'integratorImage' : 'image',
      profile: integrator ? 'integrator' : 'mature',
      tags: integrator ? integratorTags(rng, endUser!, 'image') : ['civitai', 'gen', 'img', 'txt2img'],
      endUser,
      ephemeral: false,
      deletedAt: null,
    };
    this.controlled.set(index, controlledPlan(this.seed, record, options.risk));
    this.records.push(record);
    this.byId.set(record.id, record);
    // Newest first: a new workflow goes in front of every older one.
    const at = this.order.findIndex((other) => compareKeys(keyOf(other), keyOf(record)) < 0);
    this.order.splice(at < 0 ? this.order.length : at, 0, record);
    return record;
  }

  recordsOf(owner: number): WorkflowRecord[] {
    return this.order.filter((record) => record.owner === owner && !this.isGone(record));
  }
}
