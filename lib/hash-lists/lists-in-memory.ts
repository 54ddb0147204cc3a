import 'server-only';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { hashListEntry, hashListEntryBands } from '@/lib/db/schema-hash';
import { consoleLogger } from '@/lib/log';
import { BAND_COUNT, PdqBandIndex } from '@/lib/pdq/bands';

/**
 * Imported lists held in this process as band indexes, so matching an output reads no list row: at 1,000,000 entries
 * the band lookups in the database read about 4,000 candidate rows an output (tens of ms); in memory they take
 * microseconds. A list never changes once imported (it can only be deleted), so a loaded list stays right for as long
 * as it exists: each call passes the lists that exist now, and the ones gone are dropped. A list is loaded in the
 * background on first use while the database answers for it; lists past the memory budget (HASH_LIST_MEMORY_ENTRIES,
 * about 100 bytes an entry) are always matched in the database.
 */

interface LoadedList {
  index: PdqBandIndex;
  /** Entry ids by position in the index. */
  entryIds: Float64Array;
}

interface ListsOfDatabase {
  loaded: Map<string, LoadedList>;
  /** Lists being loaded, with their entry counts (they count against the budget already). */
  loading: Map<string, { entryCount: number; done: Promise<void> }>;
}

/** Rows read per query while loading a list (keyset pages by entry id). */
const LOAD_PAGE_ROWS = 50_000;

// Per database handle: tests and benchmarks open several in one process, each with its own lists.
const byDatabase = new WeakMap<Database, ListsOfDatabase>();

function listsOf(database: Database): ListsOfDatabase {
  let lists = byDatabase.get(database);
  if (!lists) byDatabase.set(database, (lists = { loaded: new Map(), loading: new Map() }));
  return lists;
}

const PAGE_COLUMNS = { id: hashListEntry.id, ...Object.fromEntries(hashListEntryBands.map((column, band) => [`band${band}`, column])) };

async function loadList(database: Database, listId: string, entryCount: number): Promise<LoadedList> {
  const words = new Uint16Array(entryCount * BAND_COUNT);
  const entryIds = new Float64Array(entryCount);
  let position = 0;
  for (let after = 0; ; ) {
    const page = (await database
      .select(PAGE_COLUMNS)
      .from(hashListEntry)
      .where(and(eq(hashListEntry.listId, listId), gt(hashListEntry.id, after)))
      .orderBy(asc(hashListEntry.id))
      .limit(LOAD_PAGE_ROWS)) as Record<string, number>[];
    if (position + page.length > entryCount) throw new Error(`hash list ${listId} has more entries than its count ${entryCount}`);
    for (const row of page) {
      entryIds[position] = row.id!;
      for (let band = 0; band < BAND_COUNT; band++) words[position * BAND_COUNT + band] = row[`band${band}`]!;
      position += 1;
    }
    if (page.length < LOAD_PAGE_ROWS) break;
    after = entryIds[position - 1]!;
  }
  if (position !== entryCount) throw new Error(`hash list ${listId} has ${position} entries, its count says ${entryCount}`);
  return { index: await PdqBandIndex.build(words), entryIds };
}

export interface ListsInMemory {
  /** The entries of the lists held in memory within maxDistance of the hash. */
  search(hash: string, maxDistance: number): { entryId: number; distance: number }[];
  /** The lists to match in the database: not loaded yet, or past the budget. */
  inDatabase: string[];
}

/**
 * The lists that exist now, as far as they are in memory; starts loading those that fit the budget, and drops the
 * ones that no longer exist.
 */
export function listsInMemory(database: Database, existing: readonly { id: string; entryCount: number }[], budgetEntries: number): ListsInMemory {
  const lists = listsOf(database);
  const existingIds = new Set(existing.map((list) => list.id));
  for (const id of lists.loaded.keys()) if (!existingIds.has(id)) lists.loaded.delete(id);
  let held = existing.reduce((sum, list) => sum + (lists.loaded.has(list.id) || lists.loading.has(list.id) ? list.entryCount : 0), 0);
  const ready: LoadedList[] = [];
  const inDatabase: string[] = [];
  for (const list of existing) {
    const loaded = lists.loaded.get(list.id);
    if (loaded) {
      ready.push(loaded);
      continue;
    }
    inDatabase.push(list.id);
    if (lists.loading.has(list.id) || held + list.entryCount > budgetEntries) continue;
    held += list.entryCount;
    const done = loadList(database, list.id, list.entryCount)
      .then((loadedList) => void lists.loaded.set(list.id, loadedList))
      .catch((error: unknown) =>
        consoleLogger('warn', 'hash_lists.memory_load_failed', { listId: list.id, error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => lists.loading.delete(list.id));
    lists.loading.set(list.id, { entryCount: list.entryCount, done });
  }
  return {
    search(hash, maxDistance) {
      return ready.flatMap(({ index, entryIds }) => index.search(hash, maxDistance).map(({ position, distance }) => ({ entryId: entryIds[position]!, distance })));
    },
    inDatabase,
  };
}

/** Resolves once the lists being loaded are in memory (tests and benchmarks: the next match runs there). */
export async function listsLoaded(database: Database): Promise<void> {
  await Promise.all([...listsOf(database).loading.values()].map((list) => list.done));
}
