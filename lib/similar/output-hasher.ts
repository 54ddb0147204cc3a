import 'server-only';
import pLimit from 'p-limit';
import { consoleLogger, type Logger } from '@/lib/log';
import { pdqOfImage } from '@/lib/pdq/image';
import type { PdqResult } from '@/lib/pdq/pdq';
import type { MediaType } from '@/lib/orchestrator/types';
import type { IndexedOutputRef } from '@/lib/risk-index/store';
import { hashedAmong, storeOutputHashes, unhashedOutputs, unmatchedHashes, type OutputHashRow } from './hash-store';

/**
 * Hashes indexed outputs in the background, after the index committed them: the indexer (and a drill-down) hands
 * over what it indexed, and the hasher reads each image's bytes, computes its PDQ hash and stores it in `output_hash`.
 * Indexing never waits for it and never fails because of it: a blob that cannot be read or decoded is logged and left
 * unhashed, and the catch-up pass (`catchUp`, every `catchUpMinutes` while started) picks it up again after
 * `retryAfterMs`. The same pass hashes what was indexed while no hasher ran (a drill-down, an older index).
 *
 * Per kind of media, what hashes it: images by PDQ. Videos wait for vPDQ (a PDQ hash per sampled frame, matched
 * frame by frame): until a hasher for 'video' is added here they are skipped, and the catch-up pass never asks for them.
 */

export type HashMedia = (bytes: Buffer) => Promise<PdqResult>;

const HASHERS: Partial<Record<MediaType, HashMedia>> = { image: pdqOfImage };

export function isHashable(mediaType: MediaType): boolean {
  return HASHERS[mediaType] !== undefined;
}

export interface OutputHasherOptions {
  /** The blob's bytes through the media proxy's guarded fetch, or null when there is nothing of its own to hash
   * (the orchestrator's moderation placeholder instead of the pixels). Throws when the bytes cannot be had. */
  readMedia: (blobId: string) => Promise<Buffer | null>;
  /** Told the blobs whose hashes were just stored (hash-list matching runs here). A failure is logged; the catch-up
   * pass hands the blobs over again while their hashes are unmatched (`unmatchedHashes`). */
  onOutputsHashed: (blobIds: string[]) => Promise<void>;
  /** Blobs read and hashed at once (each holds one image in memory). */
  concurrency?: number;
  /** Outputs waiting at most; beyond that new ones are left to the catch-up pass. */
  maxPending?: number;
  retryAfterMs?: number;
  catchUpMinutes?: number;
  log?: Logger;
  now?: () => number;
}

const BATCH = 32;
const CATCH_UP_BATCH = 500;
/** A hash stored this recently may still be on its way to matching: the catch-up pass leaves it alone. */
const MATCHING_GRACE_MS = 60_000;
/** Failures remembered at most (the oldest are forgotten first, and then retried sooner). */
const MAX_REMEMBERED_FAILURES = 5_000;

export class OutputHasher {
  private readonly pending = new Map<string, IndexedOutputRef>();
  private readonly failedAt = new Map<string, number>();
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly maxPending: number;
  private readonly retryAfterMs: number;
  private readonly log: Logger;
  private readonly now: () => number;
  private draining: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Counts since start, for the status log and the benchmark. */
  readonly counts = { hashed: 0, failed: 0, withheld: 0 };

  constructor(private readonly options: OutputHasherOptions) {
    this.limit = pLimit(options.concurrency ?? 2);
    this.maxPending = options.maxPending ?? 10_000;
    this.retryAfterMs = options.retryAfterMs ?? 3_600_000;
    this.log = options.log ?? consoleLogger;
    this.now = options.now ?? Date.now;
  }

  /** Queues the hashable outputs among these (an output the upstream calls unavailable has no bytes) and starts working on them; answers how many were queued. */
  enqueue(outputs: readonly IndexedOutputRef[]): number {
    let queued = 0;
    for (const output of outputs) {
      if (!isHashable(output.mediaType) || output.available === false || this.pending.has(output.blobId) || this.pending.size >= this.maxPending) continue;
      this.pending.set(output.blobId, output);
      queued += 1;
    }
    if (queued > 0) this.draining ??= this.drain().finally(() => (this.draining = null));
    return queued;
  }

  /** Resolves once nothing is queued or being hashed (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /**
   * Hands hashes whose matching failed to `onOutputsHashed` again, then queues indexed image outputs that have no hash
   * yet, except those that failed within `retryAfterMs`. Answers how many were queued.
   */
  async catchUp(): Promise<number> {
    const unmatched = await unmatchedHashes(CATCH_UP_BATCH, new Date(this.now() - MATCHING_GRACE_MS));
    if (unmatched.length > 0) await this.tellHashed(unmatched);
    const cutoff = this.now() - this.retryAfterMs;
    for (const [blobId, at] of this.failedAt) if (at < cutoff) this.failedAt.delete(blobId);
    const unhashed = await unhashedOutputs(CATCH_UP_BATCH + this.failedAt.size);
    return this.enqueue(unhashed.filter((output) => !this.failedAt.has(output.blobId)).slice(0, CATCH_UP_BATCH));
  }

  /** Runs the catch-up pass now and every `catchUpMinutes`. */
  start(): void {
    if (this.timer) return;
    const pass = () =>
      void this.catchUp().catch((caught: unknown) =>
        this.log('warn', 'similar.catch_up_failed', { message: caught instanceof Error ? caught.message : String(caught) }),
      );
    pass();
    this.timer = setInterval(pass, (this.options.catchUpMinutes ?? 10) * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.pending.clear();
    await this.idle();
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending.values()].slice(0, BATCH);
      try {
        await this.hashBatch(batch);
      } catch (caught) {
        // The database: the batch stays unhashed for the catch-up pass.
        this.log('warn', 'similar.store_failed', { count: batch.length, message: caught instanceof Error ? caught.message : String(caught) });
      } finally {
        for (const output of batch) this.pending.delete(output.blobId);
      }
    }
  }

  private async hashBatch(batch: readonly IndexedOutputRef[]): Promise<void> {
    const done = await hashedAmong(batch.map((output) => output.blobId));
    const hashed = await Promise.all(batch.filter((output) => !done.has(output.blobId)).map((output) => this.limit(() => this.hashOne(output))));
    const stored = await storeOutputHashes(hashed.filter((row): row is OutputHashRow => row !== null));
    this.counts.hashed += stored.length;
    if (stored.length > 0) await this.tellHashed(stored);
  }

  private async tellHashed(blobIds: string[]): Promise<void> {
    try {
      await this.options.onOutputsHashed(blobIds);
    } catch (caught) {
      this.log('warn', 'similar.on_hashed_failed', { count: blobIds.length, message: caught instanceof Error ? caught.message : String(caught) });
    }
  }

  private async hashOne(output: IndexedOutputRef): Promise<OutputHashRow | null> {
    const hashMedia = HASHERS[output.mediaType]!;
    try {
      const bytes = await this.options.readMedia(output.blobId);
      if (bytes === null) {
        this.counts.withheld += 1;
        this.remember(output.blobId);
        return null;
      }
      const { hash, quality } = await hashMedia(bytes);
      return { blobId: output.blobId, hash, quality };
    } catch (caught) {
      this.counts.failed += 1;
      this.remember(output.blobId);
      this.log('warn', 'similar.hash_failed', { blobId: output.blobId, message: caught instanceof Error ? caught.message : String(caught) });
      return null;
    }
  }

  private remember(blobId: string): void {
    this.failedAt.delete(blobId);
    this.failedAt.set(blobId, this.now());
    if (this.failedAt.size > MAX_REMEMBERED_FAILURES) this.failedAt.delete(this.failedAt.keys().next().value!);
  }
}
