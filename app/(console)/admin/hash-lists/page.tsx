import type { Metadata } from 'next';
import { HashListDelete } from '@/components/admin/hash-list-delete';
import { HashListImportForm } from '@/components/admin/hash-list-import-form';
import { Muted } from '@/components/ui/muted';
import { Section } from '@/components/ui/section';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { requirePageRole } from '@/lib/auth/session';
import { db } from '@/lib/db/client';
import { listHashLists } from '@/lib/hash-lists/lists';
import { matchMaxDistance } from '@/lib/hash-lists/matches';

export const metadata: Metadata = { title: 'Hash lists' };

export default async function HashListsPage() {
  await requirePageRole('admin');
  const lists = await listHashLists(await db());

  return (
    <div className="mx-auto w-full max-w-[1400px] space-y-6 px-4 py-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Hash lists</h1>
        <Muted size="sm" className="mt-1">
          PDQ hashes of known harmful images. Every indexed image output within {matchMaxDistance()} bits of a listed hash is hard-gated (tier 3), its tile
          names the list and label, and its workflow joins the “Hash match” queue. Imports, matches and deletions are in the audit log; the hashes never leave the
          server.
        </Muted>
      </div>
      <Section title="Import">
        <HashListImportForm />
      </Section>
      <Section title={`Lists (${lists.length})`}>
        {lists.length === 0 ? (
          <Muted size="sm">No list imported yet.</Muted>
        ) : (
          <Table aria-label="Hash lists">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Hashes</TableHead>
                <TableHead>Matched outputs</TableHead>
                <TableHead>Imported</TableHead>
                <TableHead>Delete</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {lists.map((list) => (
                <TableRow key={list.id} data-testid="hash-list-row">
                  <TableCell className="font-medium">
                    <VisibleText text={list.name} />
                  </TableCell>
                  <TableCell>{list.entryCount.toLocaleString('en-US')}</TableCell>
                  <TableCell>{list.matchCount.toLocaleString('en-US')}</TableCell>
                  <TableCell className="whitespace-nowrap">
                    <UtcTime value={list.importedAt} />
                    <Muted as="div" size="xs">
                      {list.importedBy ?? 'the command line'}
                    </Muted>
                  </TableCell>
                  <TableCell>
                    <HashListDelete list={list} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
    </div>
  );
}
