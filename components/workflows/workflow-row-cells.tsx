import Link from 'next/link';
import { RowSelectCheckbox } from '@/components/review/bulk-selection';
import { LevelBadge } from '@/components/media/level-badge';
import { Badge } from '@/components/ui/badge';
import { EntityLink } from '@/components/ui/entity-link';
import { Muted } from '@/components/ui/muted';
import { formatUtc } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import type { WorkflowRow } from '@/lib/workflows/workflow-row';
import { cn } from '@/lib/utils';
import { RiskBadge } from './risk-badge';
import { StatusBadge } from './status-badge';

/** The list's column template, shared by the header and every row. */
export const WORKFLOW_COLUMNS =
  'grid grid-cols-[2.25rem_minmax(14rem,17rem)_5.5rem_10rem_6.5rem_8.5rem_minmax(8rem,1fr)_3.5rem_4rem_minmax(9rem,11rem)_4.5rem]';

/** Every cell centres its content vertically and clips it: one line per row, whatever the data. */
const CELL = 'flex h-full min-w-0 items-center overflow-hidden px-2';
const MAX_TAGS_SHOWN = 4;
const costFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function WorkflowRowCells({ row, rowLinkAttribute }: { row: WorkflowRow; rowLinkAttribute: string }) {
  const hiddenTags = row.tags.length - MAX_TAGS_SHOWN;
  return (
    <>
      <span role="cell" className={cn(CELL, 'justify-center')}>
        <RowSelectCheckbox workflow={{ id: row.id, status: row.status, tags: row.tags }} />
      </span>
      <span role="cell" className={CELL}>
        <EntityLink
          kind="workflow"
          id={row.id}
          tone="strong"
          prefetch={false}
          {...{ [rowLinkAttribute]: '' }}
          className="truncate font-mono text-xs after:absolute after:inset-0 after:content-[''] focus-visible:outline-none"
        >
          <VisibleText text={row.id} />
        </EntityLink>
      </span>
      <span role="cell" className={cn(CELL, 'font-mono text-xs')}>
        {row.ownerId === null ? (
          <Muted as="span" tone="faint">unknown</Muted>
        ) : (
          <Link
            href={`/users/${row.ownerId}`}
            prefetch={false}
            tabIndex={-1}
            className="relative z-10 hover:underline"
            aria-label={`Risk overview of user ${row.ownerId}`}
          >
            {row.ownerId}
          </Link>
        )}
      </span>
      <span role="cell" className={cn(CELL, 'text-xs tabular-nums')}>
        <time dateTime={row.createdAt} className="truncate">
          {formatUtc(row.createdAt, { zone: false })}
        </time>
      </span>
      <span role="cell" className={CELL}>
        <StatusBadge status={row.status} />
      </span>
      <span role="cell" className={CELL}>
        <RiskBadge risk={row.risk} />
      </span>
      <span role="cell" className={cn(CELL, 'gap-1')}>
        {row.tags.slice(0, MAX_TAGS_SHOWN).map((tag, index) => (
          <Badge key={`${index}:${tag}`} weight="normal" className="max-w-40 min-w-0 shrink" title={tag}>
            <VisibleText text={tag} className="truncate" />
          </Badge>
        ))}
        {hiddenTags > 0 ? <Muted as="span" size="xs" tone="faint" className="shrink-0">+{hiddenTags}</Muted> : null}
      </span>
      <span role="cell" className={cn(CELL, 'justify-end tabular-nums')}>
        {row.stepCount ?? '—'}
      </span>
      <span role="cell" className={cn(CELL, 'justify-end tabular-nums')}>
        {row.blobCount}
      </span>
      <span role="cell" className={cn(CELL, 'gap-1')}>
        {row.worstLevel ? (
          <LevelBadge level={row.worstLevel} />
        ) : (
          <Muted as="span" size="xs" tone="faint">{row.detailed ? 'no outputs' : 'open to read'}</Muted>
        )}
        {row.blockedCount > 0 ? (
          <Badge tone="danger" title={`Blocked: ${row.blockedReason ?? ''}`}>
            {row.blockedCount} blocked
          </Badge>
        ) : null}
      </span>
      <span role="cell" className={cn(CELL, 'justify-end text-xs tabular-nums')}>
        {row.costTotal === null ? '—' : costFormat.format(row.costTotal)}
      </span>
    </>
  );
}
