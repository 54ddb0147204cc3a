import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { indexedOutput } from './schema-risk';

/**
 * PDQ hashes (lib/pdq) of indexed outputs and of imported hash lists. Each hash is also stored as its 16 bands of 16
 * bits (lib/pdq/bands.ts hashBands, band k in band_k), each with its own index, so a match within d bits is found by
 * looking up, per band, the values bandProbes(hash, d) lists (17 a band at 31 bits) instead of scanning every row;
 * the full distance is then checked on the few candidates.
 */

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const BAND_KEYS = [
  'band0', 'band1', 'band2', 'band3', 'band4', 'band5', 'band6', 'band7',
  'band8', 'band9', 'band10', 'band11', 'band12', 'band13', 'band14', 'band15',
] as const;

/** The hash as 64 lower-case hex characters, and its bands as numbers 0–65535 (hashBands order). */
const hashColumns = () => ({
  hash: text('hash').notNull(),
  band0: integer('band_0').notNull(),
  band1: integer('band_1').notNull(),
  band2: integer('band_2').notNull(),
  band3: integer('band_3').notNull(),
  band4: integer('band_4').notNull(),
  band5: integer('band_5').notNull(),
  band6: integer('band_6').notNull(),
  band7: integer('band_7').notNull(),
  band8: integer('band_8').notNull(),
  band9: integer('band_9').notNull(),
  band10: integer('band_10').notNull(),
  band11: integer('band_11').notNull(),
  band12: integer('band_12').notNull(),
  band13: integer('band_13').notNull(),
  band14: integer('band_14').notNull(),
  band15: integer('band_15').notNull(),
});

/** One index a band, and the hash checked to be PDQ hex. */
const hashConstraints = (tableName: string, table: { hash: AnyPgColumn } & Record<(typeof BAND_KEYS)[number], AnyPgColumn>) => [
  check(`${tableName}_hash_hex`, sql`${table.hash} ~ '^[0-9a-f]{64}$'`),
  ...BAND_KEYS.map((key, band) => index(`${tableName}_band_${band}`).on(table[key])),
];

/** The PDQ hash of an indexed image output (videos later, by vPDQ). */
export const outputHash = pgTable(
  'output_hash',
  {
    blobId: text('blob_id')
      .primaryKey()
      .references(() => indexedOutput.blobId, { onDelete: 'cascade' }),
    ...hashColumns(),
    /** PDQ quality 0–100; under about 50 the image is too flat for its hash to mean much. */
    quality: integer('quality').notNull(),
    hashedAt: at('hashed_at').notNull().defaultNow(),
    /** When the hash was last matched against every imported list; null until then (the hasher's catch-up retries). */
    listsMatchedAt: at('lists_matched_at'),
  },
  (table) => [...hashConstraints('output_hash', table), index('output_hash_unmatched').on(table.hashedAt).where(sql`${table.listsMatchedAt} is null`)],
);

/** A list of hashes of known harmful images an admin imported (CSV `pdq_hex,label[,source]`). */
export const hashList = pgTable('hash_list', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  importedById: text('imported_by_id'),
  importedAt: at('imported_at').notNull().defaultNow(),
  entryCount: integer('entry_count').notNull(),
});

export const hashListEntry = pgTable(
  'hash_list_entry',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    listId: text('list_id')
      .notNull()
      .references(() => hashList.id, { onDelete: 'cascade' }),
    ...hashColumns(),
    label: text('label').notNull(),
    source: text('source'),
  },
  (table) => [index('hash_list_entry_list').on(table.listId), ...hashConstraints('hash_list_entry', table)],
);

/**
 * An indexed output within the match distance of a hash-list entry: what raises the output to the hard gate (tier 3)
 * and names the list and label on its tile. Written on import (every hashed output against the new list) and when
 * the indexer hashes outputs (those outputs against every list); deleting the list, the entry or the output's hash
 * deletes the match with it.
 */
export const hashMatch = pgTable(
  'hash_match',
  {
    blobId: text('blob_id')
      .notNull()
      .references(() => outputHash.blobId, { onDelete: 'cascade' }),
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => hashListEntry.id, { onDelete: 'cascade' }),
    listId: text('list_id')
      .notNull()
      .references(() => hashList.id, { onDelete: 'cascade' }),
    distance: integer('distance').notNull(),
    matchedAt: at('matched_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.blobId, table.entryId] }), index('hash_match_list').on(table.listId)],
);

/** The entry table's band columns, band k at index k. */
export const hashListEntryBands = [
  hashListEntry.band0, hashListEntry.band1, hashListEntry.band2, hashListEntry.band3,
  hashListEntry.band4, hashListEntry.band5, hashListEntry.band6, hashListEntry.band7,
  hashListEntry.band8, hashListEntry.band9, hashListEntry.band10, hashListEntry.band11,
  hashListEntry.band12, hashListEntry.band13, hashListEntry.band14, hashListEntry.band15,
] as const;
