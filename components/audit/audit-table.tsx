import { Fragment } from 'react';
import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { Disclosure } from '@/components/ui/disclosure';
import { EntityLink } from '@/components/ui/entity-link';
import { Muted } from '@/components/ui/muted';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import { MonoText, VisibleText } from '@/components/ui/visible-text';
import type { AuditRecord } from '@/lib/audit/audit';
import { describeAuditEvent, type SentenceContext, type SentencePart } from '@/components/audit/audit-sentence';
import { shortId } from '@/lib/orchestrator/short-id';

const DENIALS = new Set(['sign_in_failed', 'reveal_denied', 'access_denied']);
const ADMIN_ACTIONS = new Set(['role_change', 'user_disable', 'user_enable', 'user_invite', 'export']);

function actionTone(action: string) {
  if (DENIALS.has(action)) return 'danger' as const;
  if (action === 'reveal' || action === 'media_download') return 'warning' as const;
  if (ADMIN_ACTIONS.has(action)) return 'info' as const;
  return 'neutral' as const;
}

/** An id in a sentence: shortened (the full id in its title and on the copy button), a link when it has a page. */
function SentenceId({ id, kind }: { id: string; kind: string }) {
  const short = <MonoText text={shortId(id)} className="text-xs" />;
  return (
    <span className="inline-flex items-center gap-0.5 align-middle whitespace-nowrap" title={id}>
      {/* Workflows and jobs only: a "user" in the log is a console account or a Civitai user, and only the latter has a page. */}
      {kind === 'workflow' || kind === 'job' ? (
        <EntityLink kind={kind} id={id} tone="strong">
          {short}
        </EntityLink>
      ) : (
        short
      )}
      <CopyButton value={id} label={`${kind} id`} />
    </span>
  );
}

function Part({ part }: { part: SentencePart }) {
  if ('words' in part) return <>{part.words}</>;
  if ('value' in part) return <VisibleText text={part.value} className="font-medium" />;
  return <SentenceId id={part.id} kind={part.kind} />;
}

/**
 * Audit rows as sentences ("Mo Moderator revealed 01M7…C1K0.jpeg of workflow 1637892-…6332 (tier 3)"), the reason
 * beside them, and the row as written one click away. Every stored value is untrusted text, shown literally with
 * hidden characters made visible.
 */
export function AuditTable({ events, context }: { events: AuditRecord[]; context: SentenceContext }) {
  return (
    <Table aria-label="Audit events, newest first">
      <TableHeader>
        <TableRow>
          <TableHead>Time (UTC)</TableHead>
          <TableHead>Event</TableHead>
          <TableHead>Reason</TableHead>
          <TableHead>Client</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((event) => {
          const sentence = describeAuditEvent(event, context);
          return (
            <TableRow key={event.id} data-testid="audit-row" className="align-top">
              <TableCell className="whitespace-nowrap">
                <UtcTime value={event.at.toISOString()} />
              </TableCell>
              <TableCell className="min-w-96">
                <div className="flex items-start gap-2">
                  <Badge tone={actionTone(event.action)} className="mt-0.5 shrink-0">
                    {event.action}
                  </Badge>
                  <p className="leading-6" data-testid="audit-sentence">
                    {sentence.parts.map((part, index) => (
                      <Fragment key={index}>
                        {index > 0 ? ' ' : null}
                        <Part part={part} />
                      </Fragment>
                    ))}
                  </p>
                </div>
                {event.actorEmail ? (
                  <Muted size="xs" className="mt-0.5">
                    <VisibleText text={event.actorEmail} />
                    {event.actorRole ? ` (${event.actorRole})` : null}
                  </Muted>
                ) : null}
                <Disclosure summary="Raw row" className="mt-1 border-none [&>summary]:px-0 [&>summary]:py-0.5 [&>summary]:text-xs [&>summary]:font-normal [&>summary]:text-zinc-600 dark:[&>summary]:text-zinc-400">
                  {/* The row exactly as stored, on one line, as the CSV export has it. */}
                  <MonoText text={JSON.stringify(event)} className="text-xs" />
                </Disclosure>
              </TableCell>
              <TableCell className="max-w-80 min-w-48">{sentence.reason ? <VisibleText text={sentence.reason} /> : null}</TableCell>
              <TableCell className="text-xs whitespace-nowrap">
                {event.ip ? <MonoText text={event.ip} /> : null}
                {event.requestId ? (
                  <Muted as="div" title="Request id">
                    {event.requestId.slice(0, 8)}
                  </Muted>
                ) : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
