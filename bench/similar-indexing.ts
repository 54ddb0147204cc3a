/**
 * What hashing costs the indexer: the backfill of an in-process emulator (2,000 workflows, the integrator's last 7
 * days) into an in-memory PGlite, once without the output hasher and once with it (each image read through the media
 * proxy's guarded fetch in a background slot, then PDQ), timing the backfill itself and how long after it the last
 * hash is stored. Run with the react-server condition, like the console's server code:
 *
 *   npm run bench:similar-indexing -- [--workflows 2000] [--days 7]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { scanThresholds } from '@/lib/moderation/config';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { Indexer, type IndexerOptions } from '@/lib/risk-index/indexer';
import { backgroundContext } from '@/lib/risk-index/reader';
import { rowsOf } from '@/lib/risk-index/work';
import { readImageBytes } from '@/lib/similar/console-hasher';
import { OutputHasher } from '@/lib/similar/output-hasher';
import { startConsoleUnderTest } from '@/test/console-under-test';

const { values: args } = parseArgs({ options: { workflows: { type: 'string', default: '2000' }, days: { type: 'string', default: '7' } } });

/** Backfills a fresh emulator and database; answers the time and outputs, and the pair to dispose of when done. */
async function backfill(extra: Partial<IndexerOptions>): Promise<{ seconds: number; outputs: number; dispose: () => Promise<void> }> {
  const started = await startConsoleUnderTest({ workflows: Number(args.workflows) });
  const indexer = new Indexer({
    client: orchestrator(),
    thresholds: scanThresholds(),
    holder: 'bench',
    concurrency: 7,
    backfillDays: Number(args.days),
    sliceMinutes: 360,
    pollSeconds: 60,
    retentionDays: 400,
    follow: false,
    ...extra,
  });
  const begun = performance.now();
  await indexer.plan(new Date(Date.parse(started.emulator.control.scenarios.anchor)));
  await indexer.drain();
  const seconds = (performance.now() - begun) / 1000;
  const [row] = rowsOf(await (await db()).execute(sql`select count(*)::int as n from indexed_output`));
  return { seconds, outputs: Number(row!.n), dispose: () => started.dispose() };
}

const without = await backfill({});
await without.dispose();
console.log(`backfill without hashing: ${without.seconds.toFixed(1)} s for ${without.outputs} outputs`);

const hasher = new OutputHasher({ readMedia: (blobId) => readImageBytes(blobId, backgroundContext(orchestrator())), onOutputsHashed: async () => {} });
const withHashing = await backfill({ onOutputsIndexed: (outputs) => void hasher.enqueue(outputs) });
const begun = performance.now();
await hasher.idle();
const tail = (performance.now() - begun) / 1000;
const [hashes] = rowsOf(await (await db()).execute(sql`select count(*)::int as n from output_hash`));
await withHashing.dispose();
const hashed = Number(hashes!.n);
console.log(`backfill with hashing: ${withHashing.seconds.toFixed(1)} s for ${withHashing.outputs} outputs; last hash stored ${tail.toFixed(1)} s after it`);
console.log(`hashed ${hashed} images (${JSON.stringify(hasher.counts)}); ${(((withHashing.seconds + tail) * 1000) / Math.max(1, hashed)).toFixed(0)} ms a hash end to end, 2 at once`);
