import 'server-only';
import { and, asc, desc, lte, eq, inArray, or, sql } from 'drizzle-orm';
import { insertAuditBatch, type AuditEventInput } from '@/lib/audit/audit';
import type { Database } from '@/lib/db/client';
import { hashList, hashListEntry, hashListEntryBands, hashMatch, outputHash } from '@/lib/db/schema-hash';
import { indexedOutput, indexedWorkflow } from '@/lib/db/schema-risk';
import { env } from '@/lib/env';
import { bandProbes } from '@/lib/pdq/bands';
import { listsInMemory } from './lists-in-memory';
import type { HashListMatch } from './match-facts';

/**
 * Matches between indexed outputs and imported hash lists. An output's hash is looked up by its bands (multi-index
 * hashing, lib/pdq/bands.ts): every entry sharing a band value within one bit is a candidate, read through the band
 * indexes, and only candidates within the distance setting match. Each new match is audited with it, one row per
 * matched output and entry, in the transaction that stores it: a match raises the output to the hard gate, and the
 * audit log says which list did it, when, and whose import (or which indexing run) found it.
 */

export type { HashListMatch };

/** HASH_MATCH_MAX_DISTANCE: bits within which a hash matches (PDQ's usual 31 by default). */
export function matchMaxDistance(): number {
  return env().HASH_MATCH_MAX_DISTANCE;
}

type Executor = Pick<Database, 'select' | 'insert' | 'execute'>;

export interface NewMatch {
  blobId: string;
  workflowId: string;
  entryId: number;
  listId: string;
  listName: string;
  label: string;
  distance: number;
}

/**
 * The entries of the given lists within maxDistance of one hash: band lookups, then the exact distance, both in the
 * database so only matches travel (at 1,000,000 entries about 4,000 candidates share a band value within a bit).
 */
export async function entriesNear(executor: Executor, hash: string, maxDistance: number, listIds: readonly string[]) {
  if (listIds.length === 0) return [];
  const probes = bandProbes(hash, maxDistance);
  // PDQ hex read as 256 bits: XOR and popcount (PostgreSQL 14+) give the Hamming distance.
  const distance = sql<number>`bit_count(('x' || ${hashListEntry.hash})::bit(256) # ${`x${hash}`}::bit(256))::int`;
  return executor
    .select({ entryId: hashListEntry.id, listId: hashListEntry.listId, label: hashListEntry.label, listName: hashList.name, distance })
    .from(hashListEntry)
    .innerJoin(hashList, eq(hashList.id, hashListEntry.listId))
    .where(
      and(
        inArray(hashListEntry.listId, [...listIds]),
        or(...probes.map((values, band) => inArray(hashListEntryBands[band]!, values))),
        lte(distance, maxDistance),
      ),
    )
    .orderBy(asc(distance));
}

/** The list, label and list name of entries found in memory (a list deleted meanwhile has none: its entries are gone). */
async function entriesById(executor: Executor, found: readonly { entryId: number; distance: number }[]) {
  if (found.length === 0) return [];
  const distances = new Map(found.map(({ entryId, distance }) => [entryId, distance]));
  const rows = await executor
    .select({ entryId: hashListEntry.id, listId: hashListEntry.listId, label: hashListEntry.label, listName: hashList.name })
    .from(hashListEntry)
    .innerJoin(hashList, eq(hashList.id, hashListEntry.listId))
    .where(inArray(hashListEntry.id, [...distances.keys()]));
  return rows.map((row) => ({ ...row, distance: distances.get(row.entryId)! })).sort((a, b) => a.distance - b.distance);
}

/** Matches in one INSERT (5 parameters each, well under PostgreSQL's 65,535). */
const MATCH_INSERT_ROWS = 2_000;

/**
 * The matches whose list entry and output hash still exist, held against deletion until the transaction ends: a list
 * deleted (or an output retired) since the lookup loses its own matches instead of failing the others on a foreign key.
 */
async function stillThere(executor: Executor, batch: readonly NewMatch[]): Promise<NewMatch[]> {
  const entries = await executor
    .select({ id: hashListEntry.id })
    .from(hashListEntry)
    .where(inArray(hashListEntry.id, [...new Set(batch.map((match) => match.entryId))]))
    .for('key share');
  const outputs = await executor
    .select({ blobId: outputHash.blobId })
    .from(outputHash)
    .where(inArray(outputHash.blobId, [...new Set(batch.map((match) => match.blobId))]))
    .for('key share');
  const entryIds = new Set(entries.map((entry) => entry.id));
  const blobIds = new Set(outputs.map((output) => output.blobId));
  return batch.filter((match) => entryIds.has(match.entryId) && blobIds.has(match.blobId));
}

/**
 * Stores the matches not stored yet and audits each new one (actor: the admin whose import found it; none for the
 * indexer). Returns the new ones.
 */
export async function recordMatches(
  executor: Executor,
  matches: readonly NewMatch[],
  audit: Pick<AuditEventInput, 'actor' | 'ip' | 'requestId'>,
): Promise<NewMatch[]> {
  const fresh: NewMatch[] = [];
  for (let start = 0; start < matches.length; start += MATCH_INSERT_ROWS) {
    const batch = await stillThere(executor, matches.slice(start, start + MATCH_INSERT_ROWS));
    if (batch.length === 0) continue;
    const stored = await executor
      .insert(hashMatch)
      .values(batch.map(({ blobId, entryId, listId, distance }) => ({ blobId, entryId, listId, distance })))
      .onConflictDoNothing()
      .returning({ blobId: hashMatch.blobId, entryId: hashMatch.entryId });
    const storedKeys = new Set(stored.map((row) => `${row.blobId} ${row.entryId}`));
    fresh.push(...batch.filter((match) => storedKeys.has(`${match.blobId} ${match.entryId}`)));
  }
  await insertAuditBatch(
    executor,
    fresh.map((match) => ({
      ...audit,
      action: 'hash_match',
      targetType: 'blob',
      targetId: match.blobId,
      workflowId: match.workflowId,
      detail: { listId: match.listId, list: match.listName, label: match.label, distance: match.distance },
    })),
  );
  return fresh;
}

/**
 * The given outputs against every list: what the indexer calls once it has stored their hashes (and its catch-up pass
 * for hashes a failure left unmatched, `lists_matched_at` null). Lists held in memory (lists-in-memory.ts) are
 * searched there, the others in the database. Outputs without a stored hash are skipped. Returns the matches that are
 * new.
 */
export async function matchOutputHashes(
  database: Database,
  blobIds: readonly string[],
  maxDistance = matchMaxDistance(),
  memoryEntries = env().HASH_LIST_MEMORY_ENTRIES,
): Promise<NewMatch[]> {
  if (blobIds.length === 0) return [];
  const [outputs, lists] = await Promise.all([
    database
      .select({ blobId: outputHash.blobId, hash: outputHash.hash, workflowId: indexedOutput.workflowId })
      .from(outputHash)
      .innerJoin(indexedOutput, eq(indexedOutput.blobId, outputHash.blobId))
      .where(inArray(outputHash.blobId, [...blobIds])),
    database.select({ id: hashList.id, entryCount: hashList.entryCount }).from(hashList),
  ]);
  if (outputs.length === 0) return [];
  const inMemory = listsInMemory(database, lists, memoryEntries);
  const found: NewMatch[] = [];
  for (const output of outputs) {
    const entries = [
      ...(await entriesById(database, inMemory.search(output.hash, maxDistance))),
      ...(await entriesNear(database, output.hash, maxDistance, inMemory.inDatabase)),
    ];
    for (const entry of entries) found.push({ blobId: output.blobId, workflowId: output.workflowId, ...entry });
  }
  // The matches and the mark that these outputs met every list, together: a failure leaves them for the catch-up pass.
  return database.transaction(async (tx) => {
    const fresh = await recordMatches(tx, found, { actor: null });
    await tx
      .update(outputHash)
      .set({ listsMatchedAt: new Date() })
      .where(inArray(outputHash.blobId, outputs.map((output) => output.blobId)));
    return fresh;
  });
}

/** Each output's matches, nearest first: what the gate and the tiles read. Outputs without any are absent. */
export async function matchesOfOutputs(database: Database, blobIds: readonly string[]): Promise<Map<string, HashListMatch[]>> {
  const matches = new Map<string, HashListMatch[]>();
  if (blobIds.length === 0) return matches;
  const rows = await database
    .select({ blobId: hashMatch.blobId, listId: hashMatch.listId, listName: hashList.name, label: hashListEntry.label, distance: hashMatch.distance })
    .from(hashMatch)
    .innerJoin(hashList, eq(hashList.id, hashMatch.listId))
    .innerJoin(hashListEntry, eq(hashListEntry.id, hashMatch.entryId))
    .where(inArray(hashMatch.blobId, [...new Set(blobIds)]))
    .orderBy(asc(hashMatch.distance), asc(hashList.name), asc(hashListEntry.label));
  for (const { blobId, ...match } of rows) {
    const list = matches.get(blobId);
    if (list) list.push(match);
    else matches.set(blobId, [match]);
  }
  return matches;
}

export interface MatchedWorkflowRow {
  id: string;
  createdAt: Date;
  status: string;
  tags: string[];
}

/** Indexed workflows with at least one matched output, newest match first: the "Hash match" queue, from the index alone. */
export async function workflowsWithMatches(database: Database, limit: number): Promise<MatchedWorkflowRow[]> {
  const latestMatch = sql<Date>`max(${hashMatch.matchedAt})`;
  return database
    .select({ id: indexedWorkflow.id, createdAt: indexedWorkflow.createdAt, status: indexedWorkflow.status, tags: indexedWorkflow.tags })
    .from(hashMatch)
    .innerJoin(indexedOutput, eq(indexedOutput.blobId, hashMatch.blobId))
    .innerJoin(indexedWorkflow, eq(indexedWorkflow.id, indexedOutput.workflowId))
    .groupBy(indexedWorkflow.id)
    .orderBy(desc(latestMatch), desc(indexedWorkflow.id))
    .limit(limit);
}
