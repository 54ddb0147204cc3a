/**
 * The risk indexer as a process of its own, beside (or instead of) the one each console starts:
 *   npm run indexer [-- --once] [--lease-seconds 60]
 * Same configuration as the console (DATABASE_URL, CIVITAI_API_URL/TOKEN, INDEX_*). Several of them (and several
 * consoles) share the work through leases in PostgreSQL. With PGlite a folder takes one process: run this only with
 * DATABASE_URL, or with the console stopped.
 *   --once            plan the backfill, work until nothing is left to claim, then exit (no follower)
 *   --lease-seconds   how long a claimed unit stays this process's without a renewal (default 60)
 */
import { parseArgs } from 'node:util';
import { closeDb } from '@/lib/db/client';
import { EnvError } from '@/lib/env-schema';
import { indexerFromEnv } from '@/lib/risk-index/instance';

const { values: args } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    'lease-seconds': { type: 'string', default: '60' },
  },
});

const leaseSeconds = Number(args['lease-seconds']);
if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > 3_600) {
  console.error('indexer: --lease-seconds must be a whole number from 1 to 3600');
  process.exit(2);
}

try {
  const indexer = indexerFromEnv({ leaseSeconds });
  console.log(`indexer ${indexer.holder} started`);
  if (args.once) {
    await indexer.plan();
    await indexer.drain();
    console.log(`indexer ${indexer.holder} found nothing left to claim${indexer.lastError ? `; last error: ${indexer.lastError}` : ''}`);
    await closeDb();
  } else {
    indexer.start();
    const stop = () =>
      void indexer
        .stop()
        .then(() => closeDb())
        .finally(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}
