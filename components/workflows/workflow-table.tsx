'use client';

import dynamic from 'next/dynamic';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CONTEXT_USER_ATTRIBUTE, ROW_LINK_ATTRIBUTE } from '@/components/keyboard/shortcuts';
import { useRowNavigator } from '@/components/keyboard/shortcuts-provider';
import { Button } from '@/components/ui/button';
import { Muted } from '@/components/ui/muted';
import { Skeleton } from '@/components/ui/skeleton';
import type { WorkflowRow } from '@/lib/workflows/workflow-row';
import { cn } from '@/lib/utils';
import type { RowWindow, WindowControls } from './virtual-window';
import { WorkflowRowCells, WORKFLOW_COLUMNS } from './workflow-row-cells';

// The virtualiser is not needed for the first paint (the server renders the first rows): it loads right after.
const VirtualWindow = dynamic(() => import('./virtual-window'), { ssr: false });

/** Fixed row height: the virtualiser and the server-rendered first rows line up exactly. */
export const ROW_HEIGHT = 44;
/** Rows the server renders before the browser takes over (no inline styles: the CSP forbids them in HTML). */
const SERVER_ROWS = 20;
const OVERSCAN = 8;
/** Start loading the next page this many rows before the end. */
const PREFETCH_ROWS = 15;

const subscribeNever = () => () => {};
/** False during the server render and hydration, true afterwards. */
function useIsClient(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

interface SavedPosition {
  offset: number;
  active: number;
}

function readPosition(key: string): SavedPosition | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) ?? 'null') as SavedPosition | null;
    return saved && Number.isFinite(saved.offset) ? saved : null;
  } catch {
    return null;
  }
}

export interface WorkflowTableProps {
  rows: WorkflowRow[];
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  nextPageError: string | null;
  fetchNextPage: () => void;
  /** Where the scroll position of this search is kept, so Back from a workflow returns to the same row. */
  positionKey: string;
  /** A row got focus: warm its drill-down. */
  onRowFocus?: (id: string) => void;
}

/**
 * The workflows list: a table of fixed-height rows, virtualised so 10,000 loaded rows keep a few dozen in the DOM.
 * One link per row (the id) is the row's only tab stop and stretches over the row; `j` / `k` move between rows.
 */
export function WorkflowTable(props: WorkflowTableProps) {
  const { rows, hasNextPage, positionKey } = props;
  const isClient = useIsClient();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(-1);
  const total = rows.length + (hasNextPage ? 1 : 0);
  // Null until the virtualiser has loaded: until then the first rows show unpositioned, as the server rendered them.
  const [rowWindow, setRowWindow] = useState<RowWindow | null>(null);
  const controls = useRef<WindowControls | null>(null);
  const initialOffset = useCallback(() => readPosition(positionKey)?.offset ?? 0, [positionKey]);

  // Back from a workflow: once the virtualiser has placed the rows at the saved offset, the same row is focused
  // again (its focus handler makes it active), so the keyboard flow continues where it left. Once per search.
  const restoredFor = useRef<string | null>(null);
  const placed = rowWindow !== null;
  useEffect(() => {
    if (!placed || restoredFor.current === positionKey) return;
    restoredFor.current = positionKey;
    const saved = readPosition(positionKey);
    if (saved && saved.active >= 0 && saved.active < rows.length) requestAnimationFrame(() => focusRow(scrollRef.current, saved.active));
  }, [placed, positionKey, rows.length]);

  // Leaving (opening a workflow): remember where we were. The offset is tracked while scrolling, because at
  // unmount the element is already detached and reads 0.
  const position = useRef<SavedPosition>({ offset: 0, active: -1 });
  useEffect(() => {
    position.current.active = active;
  }, [active]);
  useEffect(() => {
    const element = scrollRef.current;
    // One object for the component's life, mutated in place: the cleanup saves its latest fields.
    const record = position.current;
    if (!element) return;
    const onScroll = () => {
      record.offset = element.scrollTop;
    };
    onScroll();
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      element.removeEventListener('scroll', onScroll);
      sessionStorage.setItem(positionKey, JSON.stringify(record));
    };
  }, [positionKey]);

  // When the virtualiser takes over, the server-rendered rows may be re-created as new elements: a row that had the
  // focus gives it to its new element, so a `j` pressed just before keeps its place. (React's own events are off while
  // it commits, hence a native listener.)
  useEffect(() => {
    const container = scrollRef.current;
    if (!container) return;
    const onFocusOut = (event: FocusEvent) => {
      const left = event.target as HTMLElement;
      const index = Number(left.closest('[data-index]')?.getAttribute('data-index') ?? Number.NaN);
      if (event.relatedTarget !== null || !Number.isInteger(index)) return;
      requestAnimationFrame(() => {
        if (!left.isConnected && document.activeElement === document.body) focusRow(container, index);
      });
    };
    container.addEventListener('focusout', onFocusOut);
    return () => container.removeEventListener('focusout', onFocusOut);
  }, []);

  const lastIndex = rowWindow?.items.at(-1)?.index ?? -1;
  const { isFetchingNextPage, nextPageError, fetchNextPage } = props;
  useEffect(() => {
    if (!isClient || !hasNextPage || isFetchingNextPage || nextPageError) return;
    if (lastIndex >= rows.length - PREFETCH_ROWS) fetchNextPage();
  }, [isClient, lastIndex, rows.length, hasNextPage, isFetchingNextPage, nextPageError, fetchNextPage]);

  useRowNavigator({
    move(delta) {
      if (rows.length === 0) return;
      const next = active < 0 ? (delta === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, active + delta));
      setActive(next);
      controls.current?.scrollToIndex(next);
      // The row may only exist after the virtualiser re-renders at the new offset.
      requestAnimationFrame(() => requestAnimationFrame(() => focusRow(scrollRef.current, next)));
    },
  });

  const renderRow = (index: number, positioned: boolean, start = 0) => {
    const row = rows[index];
    const positionClass = positioned ? 'absolute inset-x-0 top-0' : undefined;
    if (!row) {
      return (
        <LoaderRow
          key="loader"
          index={index}
          className={positionClass}
          start={positioned ? start : undefined}
          error={nextPageError}
          onRetry={fetchNextPage}
        />
      );
    }
    return (
      <div
        key={row.id}
        role="row"
        aria-rowindex={index + 2}
        data-index={index}
        data-active={index === active || undefined}
        {...{ [CONTEXT_USER_ATTRIBUTE]: row.ownerId ?? undefined }}
        ref={positioned ? (element) => setTranslate(element, start) : undefined}
        onFocus={() => {
          setActive(index);
          props.onRowFocus?.(row.id);
        }}
        className={cn(
          WORKFLOW_COLUMNS,
          positionClass ?? 'relative',
          'h-11 items-center border-b border-zinc-100 text-sm hover:bg-zinc-50 focus-within:bg-sky-50 focus-within:outline-2 focus-within:-outline-offset-2 focus-within:outline-sky-600 data-active:bg-sky-50 dark:border-zinc-800/70 dark:focus-within:outline-sky-400 dark:hover:bg-zinc-900 dark:focus-within:bg-sky-950/40 dark:data-active:bg-sky-950/40',
        )}
      >
        <WorkflowRowCells row={row} rowLinkAttribute={ROW_LINK_ATTRIBUTE} />
      </div>
    );
  };

  return (
    <div
      ref={scrollRef}
      role="table"
      aria-label="Workflows"
      aria-rowcount={hasNextPage ? -1 : rows.length + 1}
      data-testid="workflow-list"
      className="h-[max(24rem,calc(100dvh-19rem))] overflow-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div role="rowgroup" className="sticky top-0 z-20">
        <HeaderRow />
      </div>
      <div role="rowgroup" className="relative" ref={rowWindow ? (element) => setHeight(element, rowWindow.totalSize) : undefined}>
        {rowWindow
          ? rowWindow.items.map((item) => renderRow(item.index, true, item.start))
          : rows.slice(0, SERVER_ROWS).map((_, index) => renderRow(index, false))}
      </div>
      {isClient ? (
        <VirtualWindow count={total} rowHeight={ROW_HEIGHT} overscan={OVERSCAN} scrollRef={scrollRef} initialOffset={initialOffset} onWindow={setRowWindow} controls={controls} />
      ) : null}
    </div>
  );
}

/** Positions through the CSSOM (allowed by the CSP), never a style attribute in server HTML. */
function setTranslate(element: HTMLElement | null, start: number) {
  if (element) element.style.transform = `translateY(${start}px)`;
}

function setHeight(element: HTMLElement | null, height: number) {
  if (element) element.style.height = `${height}px`;
}

function focusRow(container: HTMLElement | null, index: number) {
  container?.querySelector<HTMLElement>(`[data-index="${index}"] [${ROW_LINK_ATTRIBUTE}]`)?.focus({ preventScroll: true });
}

const HEADERS = ['Select', 'Workflow', 'Owner', 'Created (UTC)', 'Status', 'CSAM risk', 'Tags', 'Steps', 'Outputs', 'Worst level', 'Cost'];

function HeaderRow() {
  return (
    <div
      role="row"
      aria-rowindex={1}
      className={cn(
        WORKFLOW_COLUMNS,
        'h-9 items-center border-b border-zinc-200 bg-zinc-50 text-xs font-medium text-zinc-600 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400',
      )}
    >
      {HEADERS.map((header) => (
        <span key={header} role="columnheader" className="truncate px-2">
          {/* The select column keeps its grid cell; only its name is for screen readers. */}
          {header === 'Select' ? <span className="sr-only">{header}</span> : header}
        </span>
      ))}
    </div>
  );
}

function LoaderRow({
  index,
  className,
  start,
  error,
  onRetry,
}: {
  index: number;
  className?: string;
  start?: number;
  error: string | null;
  onRetry: () => void;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-index={index}
      ref={start === undefined ? undefined : (element) => setTranslate(element, start)}
      className={cn('flex h-11 items-center gap-3 px-3 text-sm', className)}
    >
      <span role="cell" className="flex items-center gap-3">
        {error ? (
          <>
            <span className="text-red-700 dark:text-red-400">Could not load more workflows: {error}</span>
            <Button size="sm" variant="secondary" onClick={onRetry}>
              Retry
            </Button>
          </>
        ) : (
          <>
            <Skeleton className="h-3 w-48" />
            <Muted as="span" tone="faint">Loading more workflows…</Muted>
          </>
        )}
      </span>
    </div>
  );
}
