import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq, gte, sql } from 'drizzle-orm';
import { insertAudit } from '@/lib/audit/audit';
import type { SessionUser } from '@/lib/auth/session-user';
import { invalidInput } from '@/lib/console-error';
import type { Database } from '@/lib/db/client';
import { hashList, hashListEntry, hashListEntryBands, outputHash } from '@/lib/db/schema-hash';
import { indexedOutput } from '@/lib/db/schema-risk';
import { hashBands, PdqBandIndex } from '@/lib/pdq/bands';
import type { HashListImportAnswer } from './api';
import { BadLines, MAX_LIST_ROWS, parseListLine, readLines, type HashListRow } from './csv';
import { matchMaxDistance, matchOutputHashes, recordMatches, type NewMatch } from './matches';

/**
 * Importing a hash list: the CSV is read as it streams in and its rows inserted in batches inside one transaction,
 * so a list refused half-way (a bad row, too many rows, a body over the cap) leaves nothing behind. Every bad row is
 * counted and the first ones named by line number; after the first bad row nothing more is inserted, but the rest is
 * still read so the refusal lists them all.
 *
 * Matching on import goes from the list to the outputs: the indexed outputs' hashes (far fewer than a list's up to
 * 1,000,000) are held in an in-memory band index (about 100 bytes a hash), and each row is looked up in it as it is
 * read, a few microseconds a row. The other way round (each output against the new list in the database) would be
 * one query a hashed output, each reading thousands of candidate rows from a 1,000,000-row list.
 */

export interface HashListImport {
  name: string;
  /** The CSV's bytes as they arrive. */
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** The importing admin; null from the command line (scripts/hash-list-import.ts). */
  actor: SessionUser | null;
  ip?: string | null;
  requestId?: string | null;
}

/** Rows in one INSERT: one JSON parameter each, so the batch is bounded by memory, not parameter count. */
const ENTRY_INSERT_ROWS = 5_000;

// Column names from the schema; band k is the JSON array's element k (hashBands order).
const BAND_NAMES = sql.raw(hashListEntryBands.map((column) => `"${column.name}"`).join(', '));
const BAND_VALUES = sql.raw(hashListEntryBands.map((_, band) => `(batch.bands->>${band})::int`).join(', '));

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Inserts rows of one list in order and returns their ids in that order. */
async function insertEntries(tx: Transaction, listId: string, rows: readonly HashListRow[]): Promise<number[]> {
  const payload = JSON.stringify(rows.map((row) => ({ hash: row.hash, bands: hashBands(row.hash), label: row.label, source: row.source })));
  const result = await tx.execute(sql`
    insert into ${hashListEntry} ("list_id", "hash", ${BAND_NAMES}, "label", "source")
    select ${listId}, batch.hash, ${BAND_VALUES}, batch.label, batch.source
    from rows from (jsonb_to_recordset(${payload}::jsonb) as (hash text, bands jsonb, label text, source text)) with ordinality as batch
    order by batch.ordinality
    returning ${hashListEntry.id}`);
  // postgres-js answers with an array of rows, PGlite with { rows }.
  const returned = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { id: number | string }[];
  return returned.map((row) => Number(row.id));
}

interface OutputsIndex {
  index: PdqBandIndex;
  outputs: { blobId: string; workflowId: string }[];
}

async function loadOutputsIndex(tx: Transaction): Promise<OutputsIndex | null> {
  const rows = await tx
    .select({ blobId: outputHash.blobId, hash: outputHash.hash, workflowId: indexedOutput.workflowId })
    .from(outputHash)
    .innerJoin(indexedOutput, eq(indexedOutput.blobId, outputHash.blobId));
  if (rows.length === 0) return null;
  return { index: PdqBandIndex.of(rows.map((row) => row.hash)), outputs: rows.map(({ blobId, workflowId }) => ({ blobId, workflowId })) };
}

/** How far before an import's start an output's hash may be dated and still be checked again once the list is in. */
const HASHED_DURING_IMPORT_MARGIN_MS = 5 * 60_000;

export async function importHashList(database: Database, input: HashListImport, maxDistance = matchMaxDistance()): Promise<HashListImportAnswer> {
  const startedAt = Date.now();
  const { answer, checked } = await importInTransaction(database, input, maxDistance);
  // Fresh planner statistics now, not when autovacuum gets to it (PGlite has none): statistics taken before a large
  // list committed describe a small table, and the band lookups would then scan every entry.
  await database.execute(sql`analyze ${hashListEntry}`);
  // Outputs hashed while the import ran were not in its snapshot, and their own matching could not see the list
  // before it committed: match them now.
  const hashedDuring = await database
    .select({ blobId: outputHash.blobId })
    .from(outputHash)
    .where(gte(outputHash.hashedAt, new Date(startedAt - HASHED_DURING_IMPORT_MARGIN_MS)));
  const late = await matchOutputHashes(
    database,
    hashedDuring.map((row) => row.blobId).filter((blobId) => !checked.has(blobId)),
    maxDistance,
  );
  return { ...answer, matchCount: answer.matchCount + late.length };
}

/** The import's answer, and the outputs its snapshot held (matched against the list inside the transaction). */
async function importInTransaction(
  database: Database,
  input: HashListImport,
  maxDistance: number,
): Promise<{ answer: HashListImportAnswer; checked: Set<string> }> {
  const listId = randomUUID();
  return database.transaction(async (tx) => {
    const outputs = await loadOutputsIndex(tx);
    await tx.insert(hashList).values({ id: listId, name: input.name, importedById: input.actor?.id ?? null, entryCount: 0 });
    const bad = new BadLines();
    const found: NewMatch[] = [];
    let batch: HashListRow[] = [];
    let entryCount = 0;

    const flush = async () => {
      const rows = batch;
      batch = [];
      if (rows.length === 0) return;
      const ids = await insertEntries(tx, listId, rows);
      if (!outputs) return;
      rows.forEach((row, at) => {
        for (const { position, distance } of outputs.index.search(row.hash, maxDistance)) {
          const { blobId, workflowId } = outputs.outputs[position]!;
          found.push({ blobId, workflowId, entryId: ids[at]!, listId, listName: input.name, label: row.label, distance });
        }
      });
    };

    for await (const { line, lineNumber } of readLines(input.body)) {
      const parsed = parseListLine(line, lineNumber);
      if (parsed.kind === 'bad') bad.add(lineNumber, parsed.problem);
      if (parsed.kind !== 'row') continue;
      entryCount += 1;
      if (entryCount > MAX_LIST_ROWS) {
        throw invalidInput('file', `The list has more than ${MAX_LIST_ROWS.toLocaleString('en-US')} rows; split it into several lists. Nothing was imported.`);
      }
      if (bad.count > 0) continue;
      batch.push(parsed.row);
      if (batch.length >= ENTRY_INSERT_ROWS) await flush();
    }
    if (bad.count > 0) throw invalidInput('file', bad.describe());
    await flush();
    if (entryCount === 0) throw invalidInput('file', 'The list has no rows (expected `pdq_hex,label[,source]` lines). Nothing was imported.');

    await tx.update(hashList).set({ entryCount }).where(eq(hashList.id, listId));
    const audit = { actor: input.actor, ip: input.ip, requestId: input.requestId };
    const matched = await recordMatches(tx, found, audit);
    await insertAudit(tx, {
      ...audit,
      action: 'hash_list_import',
      targetType: 'hash_list',
      targetId: listId,
      detail: { name: input.name, rows: entryCount, matches: matched.length },
    });
    return { answer: { id: listId, name: input.name, entryCount, matchCount: matched.length }, checked: new Set(outputs?.outputs.map((output) => output.blobId)) };
  });
}
