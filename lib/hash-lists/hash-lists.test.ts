import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/session-user';
import { closeDb } from '@/lib/db/client';
import { auditEvent } from '@/lib/db/schema';
import { hashList, hashListEntry, hashMatch } from '@/lib/db/schema-hash';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { indexHashedOutputs } from '@/test/hashed-outputs';
import { hashAtDistance, syntheticHash } from '@/test/pdq-hashes';
import { importHashList } from './import';
import { deleteHashList, listHashLists } from './lists';
import { listsInMemory, listsLoaded } from './lists-in-memory';
import { matchesOfOutputs, matchOutputHashes, recordMatches, workflowsWithMatches } from './matches';

const ADMIN: SessionUser = { id: 'u-admin', email: 'admin@example.test', name: 'Ad', role: 'admin', sessionId: 's-admin' };

async function* csv(text: string) {
  yield new TextEncoder().encode(text);
}

const KNOWN = syntheticHash(1);
const OTHER = syntheticHash(2);
const LATER = syntheticHash(3);

for (const name of DATABASES) {
  describe.skipIf(!databaseAvailable(name, 'hash lists'))(`hash lists on ${name}`, () => {
    let database: TestDatabase;
    const db = () => database.handle.db;
    const auditRows = (action: 'hash_list_import' | 'hash_match' | 'hash_list_delete') => db().select().from(auditEvent).where(eq(auditEvent.action, action));

    beforeAll(async () => {
      database = await openTestDatabase(name);
      await indexHashedOutputs(db(), '5-20261120115800000', [
        { blobId: 'NEAR.jpeg', hash: hashAtDistance(KNOWN, 12) },
        { blobId: 'EDGE.jpeg', hash: hashAtDistance(KNOWN, 31) },
        { blobId: 'FAR.jpeg', hash: hashAtDistance(KNOWN, 40) },
        { blobId: 'UNRELATED.jpeg', hash: OTHER },
      ]);
    });
    afterAll(async () => {
      await closeDb();
      await database.dispose();
    });

    it('refuses a list with bad rows, naming every line, and leaves nothing behind', async () => {
      const body = `pdq_hex,label,source\n${KNOWN},ok\nnot-a-hash,x\n${KNOWN}\n${KNOWN},fine\n${KNOWN.slice(2)},short\n`;
      await expect(importHashList(db(), { name: 'Broken', body: csv(body), actor: ADMIN })).rejects.toMatchObject({
        kind: 'invalid_input',
        message: expect.stringMatching(/^3 rows are not .*line 3 \(the hash is not 64 hex characters\), line 4 \(no label\), line 6 \(the hash is not 64 hex characters\)\. Nothing was imported\.$/),
      });
      expect(await db().select().from(hashList)).toEqual([]);
      expect(await db().select().from(hashListEntry)).toEqual([]);
      expect(await auditRows('hash_list_import')).toEqual([]);
    });

    it('refuses an empty list', async () => {
      await expect(importHashList(db(), { name: 'Empty', body: csv('pdq_hex,label\n\n'), actor: ADMIN })).rejects.toMatchObject({ kind: 'invalid_input', message: expect.stringContaining('no rows') });
    });

    it('imports a list, matches the hashed outputs within the distance, and audits the import and each match', async () => {
      const imported = await importHashList(db(), { name: 'Known bad', body: csv(`${KNOWN.toUpperCase()},Series A,"NCMEC, 2026"\n${syntheticHash(9)},Unmatched\n`), actor: ADMIN }, 31);
      expect(imported).toMatchObject({ name: 'Known bad', entryCount: 2, matchCount: 2 });

      const matches = await matchesOfOutputs(db(), ['NEAR.jpeg', 'EDGE.jpeg', 'FAR.jpeg', 'UNRELATED.jpeg']);
      expect(Object.fromEntries(matches)).toEqual({
        'NEAR.jpeg': [{ listId: imported.id, listName: 'Known bad', label: 'Series A', distance: 12 }],
        'EDGE.jpeg': [{ listId: imported.id, listName: 'Known bad', label: 'Series A', distance: 31 }],
      });
      const [importRow] = await auditRows('hash_list_import');
      expect(importRow).toMatchObject({ actorId: ADMIN.id, targetType: 'hash_list', targetId: imported.id, detail: { name: 'Known bad', rows: 2, matches: 2 } });
      const matchRows = await auditRows('hash_match');
      expect(matchRows.map((row) => [row.targetId, row.workflowId, row.detail])).toEqual(
        expect.arrayContaining([['NEAR.jpeg', '5-20261120115800000', { listId: imported.id, list: 'Known bad', label: 'Series A', distance: 12 }]]),
      );
      expect(matchRows).toHaveLength(2);

      const [summary] = await listHashLists(db());
      expect(summary).toMatchObject({ id: imported.id, name: 'Known bad', entryCount: 2, matchCount: 2, importedBy: null });
      expect(summary).not.toHaveProperty('hash');
      expect((await workflowsWithMatches(db(), 10)).map((row) => row.id)).toEqual(['5-20261120115800000']);
    });

    it('matches outputs hashed after the import against every list, once', async () => {
      await importHashList(db(), { name: 'Later list', body: csv(`${LATER},Series B\n`), actor: ADMIN });
      await indexHashedOutputs(db(), '5-20261120120000000', [{ blobId: 'NEW.jpeg', hash: hashAtDistance(LATER, 3) }]);
      const found = await matchOutputHashes(db(), ['NEW.jpeg', 'NOT-HASHED.jpeg'], 31);
      expect(found.map((match) => [match.blobId, match.label, match.distance])).toEqual([['NEW.jpeg', 'Series B', 3]]);
      expect(await matchOutputHashes(db(), ['NEW.jpeg'], 31)).toEqual([]);
      const audited = await db().select().from(auditEvent).where(eq(auditEvent.targetId, 'NEW.jpeg'));
      expect(audited).toMatchObject([{ action: 'hash_match', actorId: null, workflowId: '5-20261120120000000' }]);
      expect((await workflowsWithMatches(db(), 10)).map((row) => row.id)).toEqual(['5-20261120120000000', '5-20261120115800000']);
    });

    it('matches in memory once the lists are loaded, as the database would; a list past the memory budget stays in the database', async () => {
      await listsLoaded(db()); // the last test's match started loading both lists
      const lists = () => db().select({ id: hashList.id, entryCount: hashList.entryCount }).from(hashList);
      expect(listsInMemory(db(), await lists(), 2_000_000).inDatabase).toEqual([]);

      await indexHashedOutputs(db(), '5-20261120120100000', [
        { blobId: 'MEMORY-A.jpeg', hash: hashAtDistance(LATER, 20) },
        { blobId: 'MEMORY-B.jpeg', hash: hashAtDistance(LATER, 32) },
      ]);
      const found = await matchOutputHashes(db(), ['MEMORY-A.jpeg', 'MEMORY-B.jpeg'], 31);
      expect(found.map((match) => [match.blobId, match.listName, match.label, match.distance])).toEqual([['MEMORY-A.jpeg', 'Later list', 'Series B', 20]]);

      // Two lists of three entries are held; with a budget of three the new list is matched in the database.
      const overBudget = await importHashList(db(), { name: 'Over budget', body: csv(`${syntheticHash(4)},Series C\n`), actor: ADMIN });
      expect(listsInMemory(db(), await lists(), 3).inDatabase).toEqual([overBudget.id]);
      await listsLoaded(db());
      expect(listsInMemory(db(), await lists(), 3).inDatabase).toEqual([overBudget.id]);
    });

    it.skipIf(name !== 'PostgreSQL')('matches an output hashed while a list was being imported, once the list is in', async () => {
      const raced = syntheticHash(5);
      async function* body() {
        yield new TextEncoder().encode(`${syntheticHash(6)},Other\n`);
        // While the import's transaction is open, an output is indexed, hashed and matched: the list is not visible yet.
        await indexHashedOutputs(db(), '5-20261120120300000', [{ blobId: 'DURING.jpeg', hash: hashAtDistance(raced, 4) }]);
        expect(await matchOutputHashes(db(), ['DURING.jpeg'], 31)).toEqual([]);
        yield new TextEncoder().encode(`${raced},Series R\n`);
      }
      const imported = await importHashList(db(), { name: 'Raced list', body: body(), actor: ADMIN }, 31);
      expect(imported.matchCount).toBe(1);
      expect((await matchesOfOutputs(db(), ['DURING.jpeg'])).get('DURING.jpeg')).toEqual([{ listId: imported.id, listName: 'Raced list', label: 'Series R', distance: 4 }]);
    });

    it('deletes a list with its entries and matches, audited; an unknown id is not found', async () => {
      const [list] = await db().select().from(hashList).where(eq(hashList.name, 'Known bad'));
      const [deletedEntry] = await db().select().from(hashListEntry).where(eq(hashListEntry.listId, list!.id)).limit(1);
      expect(await deleteHashList(db(), list!.id, { actor: ADMIN })).toEqual({ id: list!.id, name: 'Known bad', entryCount: 2, matchCount: 2 });
      expect(await db().select().from(hashListEntry).where(eq(hashListEntry.listId, list!.id))).toEqual([]);
      expect(await db().select().from(hashMatch).where(inArray(hashMatch.blobId, ['NEAR.jpeg', 'EDGE.jpeg']))).toEqual([]);
      expect(await auditRows('hash_list_delete')).toMatchObject([{ targetId: list!.id, detail: { name: 'Known bad', rows: 2, matches: 2 } }]);
      await expect(deleteHashList(db(), list!.id, { actor: ADMIN })).rejects.toMatchObject({ kind: 'not_found' });

      // The list held in memory goes with it: an output near its hash matches nothing now.
      await indexHashedOutputs(db(), '5-20261120120200000', [{ blobId: 'AFTER-DELETE.jpeg', hash: hashAtDistance(KNOWN, 5) }]);
      expect(await matchOutputHashes(db(), ['AFTER-DELETE.jpeg'], 31)).toEqual([]);

      // A match found just before its list went is dropped; the others are stored.
      const [liveEntry] = await db().select().from(hashListEntry).innerJoin(hashList, eq(hashList.id, hashListEntry.listId)).where(eq(hashList.name, 'Later list'));
      const match = { blobId: 'AFTER-DELETE.jpeg', workflowId: '5-20261120120200000', distance: 5 };
      const stored = await db().transaction((tx) =>
        recordMatches(tx, [
          { ...match, entryId: deletedEntry!.id, listId: list!.id, listName: 'Known bad', label: 'Series A' },
          { ...match, entryId: liveEntry!.hash_list_entry.id, listId: liveEntry!.hash_list.id, listName: 'Later list', label: 'Series B' },
        ], { actor: null }),
      );
      expect(stored.map((row) => row.listName)).toEqual(['Later list']);
    });
  });
}
