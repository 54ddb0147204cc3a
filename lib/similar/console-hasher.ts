import 'server-only';
import { db } from '@/lib/db/client';
import { matchOutputHashes } from '@/lib/hash-lists/matches';
import { consoleLogger } from '@/lib/log';
import { mediaUpstream } from '@/lib/media/console-media';
import type { CallContext } from '@/lib/orchestrator/client';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { backgroundContext } from '@/lib/risk-index/reader';
import { OutputHasher } from './output-hasher';

/**
 * The process's output hasher, started with the indexer (lib/startup.ts, `npm run indexer`), kept on globalThis as the
 * indexer is. Only a process that indexes in the background hashes: a console with INDEX_ENABLED=false makes no
 * upstream read of its own behind its moderators' backs.
 */

const KEY = Symbol.for('orchestration-console.output-hasher');
const shared = globalThis as { [KEY]?: OutputHasher };

/** An image larger than this is not hashed (the preview's source cap: PDQ keeps only 64×64 worth of detail). */
const HASH_SOURCE_MAX_BYTES = 40 * 1024 * 1024;

/**
 * A blob's image bytes through the media proxy's guarded fetch (allowed targets, address checks, byte cap), in one
 * slot of the upstream cap in the context's lane (the hasher's wait behind every moderator's call), or null when the
 * upstream sends the moderation placeholder or no image.
 */
export async function readImageBytes(blobId: string, ctx: CallContext): Promise<Buffer | null> {
  return orchestrator().inSlot(ctx, async () => {
    const { bytes, stream } = await mediaUpstream().readAll(blobId, HASH_SOURCE_MAX_BYTES, ctx.signal);
    // The moderation placeholder is the same picture for every withheld blob: hashing it would match them all.
    return stream.withheld || !stream.contentType.startsWith('image/') ? null : bytes;
  });
}

/** Outputs just hashed are matched against every imported hash list: a match holds them at tier 3. */
async function onOutputsHashed(blobIds: string[]): Promise<void> {
  const matches = await matchOutputHashes(await db(), blobIds);
  if (matches.length > 0) consoleLogger('info', 'hash_lists.matched', { outputs: blobIds.length, matches: matches.length });
}

/** Starts this process's hasher once (its catch-up pass included) and answers it. */
export function startOutputHasher(): OutputHasher {
  if (!shared[KEY]) {
    shared[KEY] = new OutputHasher({ readMedia: (blobId) => readImageBytes(blobId, backgroundContext(orchestrator())), onOutputsHashed });
    shared[KEY].start();
  }
  return shared[KEY];
}

/** This process's hasher when it hashes (a drill-down hands it what it indexed), else null. */
export function runningOutputHasher(): OutputHasher | null {
  return shared[KEY] ?? null;
}
