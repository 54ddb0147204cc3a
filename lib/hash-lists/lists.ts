import 'server-only';
import { count, desc, eq } from 'drizzle-orm';
import { insertAudit, type AuditEventInput } from '@/lib/audit/audit';
import { ConsoleError } from '@/lib/console-error';
import type { Database } from '@/lib/db/client';
import { user } from '@/lib/db/schema';
import { hashList, hashMatch } from '@/lib/db/schema-hash';
import type { HashListDeleteAnswer, HashListSummary } from './api';

/**
 * The imported lists as the admin page shows them (name, size, who imported it, how many matches it has), and their
 * deletion. Never a list's hashes: those stay in the database.
 */


export async function listHashLists(database: Database): Promise<HashListSummary[]> {
  const matches = database
    .select({ listId: hashMatch.listId, matchCount: count().as('match_count') })
    .from(hashMatch)
    .groupBy(hashMatch.listId)
    .as('matches');
  const rows = await database
    .select({
      id: hashList.id,
      name: hashList.name,
      entryCount: hashList.entryCount,
      importedAt: hashList.importedAt,
      importedBy: user.email,
      matchCount: matches.matchCount,
    })
    .from(hashList)
    .leftJoin(user, eq(user.id, hashList.importedById))
    .leftJoin(matches, eq(matches.listId, hashList.id))
    .orderBy(desc(hashList.importedAt), desc(hashList.id));
  return rows.map((row) => ({ ...row, importedAt: row.importedAt.toISOString(), matchCount: Number(row.matchCount ?? 0) }));
}

/**
 * Deletes a list with its entries and matches (the outputs it matched fall back to their scan's own tier), audited
 * in the same transaction.
 */
export async function deleteHashList(
  database: Database,
  listId: string,
  audit: Pick<AuditEventInput, 'actor' | 'ip' | 'requestId'>,
): Promise<HashListDeleteAnswer> {
  return database.transaction(async (tx) => {
    const [list] = await tx.select({ name: hashList.name, entryCount: hashList.entryCount }).from(hashList).where(eq(hashList.id, listId)).for('update');
    if (!list) throw new ConsoleError('not_found', 'There is no hash list with this id.');
    const [matched] = await tx.select({ matchCount: count() }).from(hashMatch).where(eq(hashMatch.listId, listId));
    const deleted = { id: listId, ...list, matchCount: matched?.matchCount ?? 0 };
    await insertAudit(tx, {
      ...audit,
      action: 'hash_list_delete',
      targetType: 'hash_list',
      targetId: listId,
      detail: { name: list.name, rows: list.entryCount, matches: deleted.matchCount },
    });
    await tx.delete(hashList).where(eq(hashList.id, listId));
    return deleted;
  });
}
