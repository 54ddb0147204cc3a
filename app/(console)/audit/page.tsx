import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditFilterForm, type AuditFilterValues } from '@/components/audit/audit-filter-form';
import { AuditTable } from '@/components/audit/audit-table';
import { buttonVariants } from '@/components/ui/button';
import { Muted } from '@/components/ui/muted';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { requirePageRole } from '@/lib/auth/session';
import { queryAudit } from '@/lib/audit/audit';
import { auditFilterParams, parseAuditFilter } from '@/lib/audit/filter';
import { userNames } from '@/lib/auth/user-store';
import { reasonCodes } from '@/lib/review/server';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: PageProps<'/audit'>) {
  const user = await requirePageRole('admin');
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined) params.set(key, single);
  }
  const values = Object.fromEntries(params) as AuditFilterValues;
  const parsed = parseAuditFilter(params);
  const before = params.get('before') ?? undefined;
  const result = parsed.ok && (!before || /^\d{1,18}$/.test(before)) ? await queryAudit(user, parsed.filter, { limit: PAGE_SIZE, before }) : null;
  const filterQuery = parsed.ok ? auditFilterParams(parsed.filter) : new URLSearchParams();
  const names = result ? await userNames(user, result.events.flatMap((event) => event.actorId ?? [])) : new Map<string, string>();

  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
        <Muted size="sm" className="mt-1">
          Every sign-in, reveal, decision, tag change, cancel, role change and export, newest first. Rows cannot be changed or deleted.
        </Muted>
      </div>
      <AuditFilterForm values={values} exportHref={`/api/audit/export?${filterQuery.toString()}`} />
      {!parsed.ok ? (
        <ErrorState title="That filter cannot be used">{parsed.message}. Change it and filter again.</ErrorState>
      ) : !result ? (
        <ErrorState title="That page of the log does not exist">Go back to the newest events.</ErrorState>
      ) : result.events.length === 0 ? (
        <EmptyState title="No events match">Widen the time range or clear a filter.</EmptyState>
      ) : (
        <>
          <AuditTable events={result.events} context={{ names, reasonCodes: reasonCodes() }} />
          <div className="flex gap-2">
            {before ? (
              <Link href={`/audit?${filterQuery.toString()}`} className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
                Newest
              </Link>
            ) : null}
            {result.nextBefore ? (
              <Link
                href={`/audit?${new URLSearchParams([...filterQuery, ['before', result.nextBefore]]).toString()}`}
                className={buttonVariants({ variant: 'secondary', size: 'sm' })}
              >
                Older events
              </Link>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
