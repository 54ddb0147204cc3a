import 'server-only';
import { and, asc, desc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { outputHash } from '@/lib/db/schema-hash';
import { indexedOutput } from '@/lib/db/schema-risk';
import { hashBands } from '@/lib/pdq/bands';
import type { MediaType } from '@/lib/orchestrator/types';
import type { IndexedOutputRef } from '@/lib/risk-index/store';

/**
 * The stored PDQ hashes of indexed outputs (`output_hash`): one row a blob, the hash with its 16 band columns
 * (lib/pdq/bands.ts) so a similar search looks bands up instead of scanning. A row goes when its output leaves the
 * index (the foreign key cascades).
 */

export interface OutputHashRow {
  blobId: string;
  hash: string;
  quality: number;
}

function bandColumns(hash: string): Record<`band${number}`, number> {
  return Object.fromEntries(hashBands(hash).map((value, band) => [`band${band}`, value])) as Record<`band${number}`, number>;
}

/**
 * Writes the hashes (a hash already stored is replaced) and answers the blobs written. A blob the index dropped
 * meanwhile is left out rather than failing the others on the foreign key.
 */
export async function storeOutputHashes(rows: readonly OutputHashRow[], now = new Date()): Promise<string[]> {
  if (rows.length === 0) return [];
  const database = await db();
  const still = await database
    .select({ blobId: indexedOutput.blobId })
    .from(indexedOutput)
    .where(inArray(indexedOutput.blobId, rows.map((row) => row.blobId)));
  const indexed = new Set(still.map((row) => row.blobId));
  const values = rows
    .filter((row) => indexed.has(row.blobId))
    .map((row) => ({ blobId: row.blobId, hash: row.hash.toLowerCase(), quality: row.quality, hashedAt: now, ...bandColumns(row.hash) }));
  if (values.length === 0) return [];
  await database
    .insert(outputHash)
    .values(values as (typeof outputHash.$inferInsert)[])
    .onConflictDoUpdate({
      target: outputHash.blobId,
      set: {
        ...Object.fromEntries(
          ['hash', 'quality', 'hashed_at', ...Array.from({ length: 16 }, (_, band) => `band_${band}`)].map((column) => [
            column.replace(/_([a-z0-9])/g, (_, next: string) => next.toUpperCase()),
            sql.raw(`excluded.${column}`),
          ]),
        ),
        // A new hash has not met the lists yet.
        listsMatchedAt: null,
      },
    });
  return values.map((row) => row.blobId);
}

/** Which of these blobs have a hash already (a blob's bytes never change, so a re-indexed output is not re-hashed). */
export async function hashedAmong(blobIds: readonly string[]): Promise<Set<string>> {
  if (blobIds.length === 0) return new Set();
  const database = await db();
  const rows = await database.select({ blobId: outputHash.blobId }).from(outputHash).where(inArray(outputHash.blobId, [...blobIds]));
  return new Set(rows.map((row) => row.blobId));
}

/** A blob's stored hash, or why there is none: the index does not hold the blob, or has not hashed it yet. */
export type StoredHash = { state: 'hashed'; hash: string; mediaType: string } | { state: 'unindexed' } | { state: 'unhashed' };

export async function storedHashOf(blobId: string): Promise<StoredHash> {
  const database = await db();
  const [row] = await database
    .select({ hash: outputHash.hash, mediaType: indexedOutput.mediaType })
    .from(indexedOutput)
    .leftJoin(outputHash, eq(outputHash.blobId, indexedOutput.blobId))
    .where(eq(indexedOutput.blobId, blobId))
    .limit(1);
  if (!row) return { state: 'unindexed' };
  return row.hash === null ? { state: 'unhashed' } : { state: 'hashed', hash: row.hash, mediaType: row.mediaType };
}

/**
 * Indexed image outputs with no hash yet, newest first: the hasher's catch-up pass (outputs a drill-down indexed,
 * hashes that failed before, an index filled before hashing existed). Outputs known to be unavailable are skipped.
 */
export async function unhashedOutputs(limit: number): Promise<IndexedOutputRef[]> {
  const database = await db();
  const rows = await database
    .select({ blobId: indexedOutput.blobId, mediaType: indexedOutput.mediaType, available: indexedOutput.available })
    .from(indexedOutput)
    .leftJoin(outputHash, eq(outputHash.blobId, indexedOutput.blobId))
    .where(
      and(
        isNull(outputHash.blobId),
        eq(indexedOutput.mediaType, 'image'),
        ne(indexedOutput.available, 'false'),
      ),
    )
    .orderBy(desc(indexedOutput.createdAt))
    .limit(limit);
  return rows.map((row) => ({ blobId: row.blobId, mediaType: row.mediaType as MediaType, available: row.available === 'unknown' ? 'unknown' : true }));
}

/**
 * Hashed outputs not yet matched against the hash lists (their matching failed, or the process stopped in between),
 * oldest first, hashed before `before` so a batch still on its way to matching is left to finish.
 */
export async function unmatchedHashes(limit: number, before: Date): Promise<string[]> {
  const database = await db();
  const rows = await database
    .select({ blobId: outputHash.blobId })
    .from(outputHash)
    .where(and(isNull(outputHash.listsMatchedAt), lt(outputHash.hashedAt, before)))
    .orderBy(asc(outputHash.hashedAt))
    .limit(limit);
  return rows.map((row) => row.blobId);
}
