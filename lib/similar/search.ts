import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { bandProbes } from '@/lib/pdq/bands';
import { isPdqHex, PDQ_MATCH_DISTANCE } from '@/lib/pdq/hash256';
import { rowsOf } from '@/lib/risk-index/work';

/**
 * Similar search over the stored output hashes by multi-index hashing: per band, every value a hash within
 * maxDistance must have in at least one band (lib/pdq/bands.ts bandProbes: the band's own value and its one-bit
 * neighbours up to 31 bits, two-bit ones up to 47) is looked up in that band's index; the candidates' exact distance
 * is then computed in SQL, and the page is cut there, nearest first. Recall is complete up to the cap: the probe
 * radius grows with the distance (floor(d / 16) bits a band), at about 8 times the probes from 32 to 47 bits.
 * With several query hashes (the eight rotations and mirror images) a candidate's distance is its nearest one's.
 */

export const SIMILAR_DEFAULT_DISTANCE = PDQ_MATCH_DISTANCE;
/** Beyond 47 bits the probes grow to about 700 a band and unrelated images start to come back. */
export const SIMILAR_MAX_DISTANCE = 47;
export const SIMILAR_DEFAULT_TAKE = 50;
export const SIMILAR_MAX_TAKE = 200;

export interface SimilarMatch {
  blobId: string;
  workflowId: string;
  /** The Civitai user of the workflow; null for a workflow id of unknown shape. */
  ownerId: number | null;
  distance: number;
}

/** Where the next page starts: after this (distance, blob) in the answer's order. */
export interface SimilarCursor {
  distance: number;
  blobId: string;
}

export interface SimilarQuery {
  /** The query's hashes: the blob's own, or its eight dihedral variants. */
  hashes: readonly string[];
  maxDistance: number;
  take: number;
  after: SimilarCursor | null;
  /** The query blob itself, left out. */
  excludeBlobId: string;
}

export function encodeSimilarCursor(cursor: SimilarCursor): string {
  return Buffer.from(`${cursor.distance}:${cursor.blobId}`, 'utf8').toString('base64url');
}

/** The cursor an earlier page gave, or null when it is not one. */
export function decodeSimilarCursor(value: string): SimilarCursor | null {
  const text = Buffer.from(value, 'base64url').toString('utf8');
  const match = /^(\d{1,2}):(.{1,512})$/s.exec(text);
  return match ? { distance: Number(match[1]), blobId: match[2]! } : null;
}

/** Band values to look up per band: the union over the query hashes (integers we computed, so spelled inline). */
function bandConditions(hashes: readonly string[], maxDistance: number): SQL {
  const perBand = Array.from({ length: 16 }, () => new Set<number>());
  for (const hash of hashes) bandProbes(hash, maxDistance).forEach((values, band) => values.forEach((value) => perBand[band]!.add(value)));
  return sql.join(
    perBand.map((values, band) => sql.raw(`band_${band} in (${[...values].join(',')})`)),
    sql.raw(' or '),
  );
}

function distanceExpression(hashes: readonly string[]): SQL {
  const distances = hashes.map((hash) => sql`bit_count(('x' || hash)::bit(256) # ${`x${hash}`}::bit(256))`);
  return distances.length === 1 ? distances[0]! : sql`least(${sql.join(distances, sql`, `)})`;
}

export async function findSimilar(query: SimilarQuery): Promise<{ matches: SimilarMatch[]; next: string | null }> {
  const hashes = [...new Set(query.hashes.map((hash) => hash.toLowerCase()))];
  if (hashes.length === 0 || !hashes.every(isPdqHex)) throw new Error('findSimilar needs PDQ hashes');
  const after = query.after ? sql`and (c.distance, c.blob_id) > (${query.after.distance}, ${query.after.blobId})` : sql``;
  const database = await db();
  const rows = rowsOf(
    await database.execute(sql`
    select c.blob_id, c.distance, o.workflow_id, w.owner_id
    from (
      select blob_id, ${distanceExpression(hashes)} as distance
      from output_hash
      where ${bandConditions(hashes, query.maxDistance)}
    ) c
    join indexed_output o on o.blob_id = c.blob_id
    join indexed_workflow w on w.id = o.workflow_id
    where c.distance <= ${query.maxDistance} and c.blob_id <> ${query.excludeBlobId} ${after}
    order by c.distance, c.blob_id
    limit ${query.take + 1}`),
  );
  const matches = rows.slice(0, query.take).map((row) => ({
    blobId: String(row.blob_id),
    workflowId: String(row.workflow_id),
    ownerId: row.owner_id === null ? null : Number(row.owner_id),
    distance: Number(row.distance),
  }));
  const last = matches.at(-1);
  return { matches, next: rows.length > query.take && last ? encodeSimilarCursor(last) : null };
}
