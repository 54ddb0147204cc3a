import 'server-only';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { env } from '@/lib/env';
import { scanThresholds } from '@/lib/moderation/config';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { Indexer, type IndexerOptions } from './indexer';

/**
 * The process-wide indexer, built from the validated environment and kept on globalThis (Next loads a module more
 * than once per process). It starts with the console (instrumentation) or as `npm run indexer`.
 */

const KEY = Symbol.for('orchestration-console.risk-indexer');
const shared = globalThis as { [KEY]?: Indexer };

export function indexerFromEnv(overrides: Partial<IndexerOptions> = {}): Indexer {
  const config = env();
  return new Indexer({
    client: orchestrator(),
    thresholds: scanThresholds(),
    holder: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    concurrency: config.INDEX_CONCURRENCY ?? Math.max(1, config.UPSTREAM_CONCURRENCY - 1),
    backfillDays: config.INDEX_BACKFILL_DAYS,
    sliceMinutes: config.INDEX_SLICE_MINUTES,
    pollSeconds: config.INDEX_POLL_SECONDS,
    retentionDays: config.INDEX_RETENTION_DAYS,
    ...overrides,
  });
}

/** Starts this process's indexer once, unless INDEX_ENABLED=false; answers it, or null when off. */
export function startIndexer(overrides: Partial<IndexerOptions> = {}): Indexer | null {
  if (!env().INDEX_ENABLED) return null;
  if (!shared[KEY]) {
    shared[KEY] = indexerFromEnv(overrides);
    shared[KEY].start();
  }
  return shared[KEY];
}

/** This process's running indexer, if any (the webhook route wakes it). */
export function runningIndexer(): Indexer | null {
  return shared[KEY] ?? null;
}
