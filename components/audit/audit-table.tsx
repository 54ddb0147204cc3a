import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import { MonoText, VisibleText } from '@/components/ui/visible-text';
import type { AuditRecord } from '@/lib/db/audit';

const DENIALS = new Set(['sign_in_failed', 'reveal_denied', 'access_denied']);
const ADMIN_ACTIONS = new Set(['role_change', 'user_disable', 'user_enable', 'user_invite', 'export']);

function actionTone(action: string) {
  if (DENIALS.has(action)) return 'danger' as const;
  if (action === 'reveal' || action === 'media_download') return 'warning' as const;
  if (ADMIN_ACTIONS.has(action)) return 'info' as const;
  return 'neutral' as const;
}

/** Audit rows as written: every value is untrusted text, shown literally with hidden characters made visible. */
export function AuditTable({ events }: { events: AuditRecord[] }) {
  return (
    <Table aria-label="Audit events, newest first">
      <TableHeader>
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Moderator</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Reason</TableHead>
          <TableHead>Client</TableHead>
          <TableHead>Detail</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((event) => (
          <TableRow key={event.id} data-testid="audit-row">
            <TableCell className="whitespace-nowrap">
              <UtcTime value={event.at.toISOString()} />
            </TableCell>
            <TableCell>
              {event.actorEmail ? (
                <VisibleText text={event.actorEmail} />
              ) : (
                <span className="text-zinc-500 italic">{event.action.startsWith('sign_in') ? 'not signed in' : 'server command line'}</span>
              )}
              {event.actorRole ? <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">({event.actorRole})</span> : null}
            </TableCell>
            <TableCell>
              <Badge tone={actionTone(event.action)}>{event.action}</Badge>
            </TableCell>
            <TableCell className="max-w-72">
              <span className="text-xs text-zinc-600 dark:text-zinc-400">{event.targetType} </span>
              <MonoText text={event.targetId} className="text-xs" />
              {event.workflowId && event.workflowId !== event.targetId ? (
                <div className="text-xs text-zinc-600 dark:text-zinc-400">
                  in workflow <MonoText text={event.workflowId} />
                </div>
              ) : null}
            </TableCell>
            <TableCell className="max-w-64">{event.reason ? <VisibleText text={event.reason} /> : null}</TableCell>
            <TableCell className="text-xs">
              {event.ip ? <MonoText text={event.ip} /> : null}
              {event.requestId ? <div className="text-zinc-600 dark:text-zinc-400" title="Request id">{event.requestId.slice(0, 8)}</div> : null}
            </TableCell>
            <TableCell className="max-w-80">{event.detail ? <MonoText text={JSON.stringify(event.detail)} className="text-xs" /> : null}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
