'use client';

import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLiveItems } from '@/components/live/live-channel';
import { NewItemsBar } from '@/components/live/new-items-bar';
import { Button } from '@/components/ui/button';
import { Chip } from '@/components/ui/chip';
import { Muted } from '@/components/ui/muted';
import { QueryErrorState } from '@/components/ui/query-error-state';
import { EmptyState } from '@/components/ui/states';
import { VisibleText } from '@/components/ui/visible-text';
import { describeFailure } from '@/lib/queries/api-error';
import { apiPath } from '@/lib/queries/fetch-json';
import { FILTER_LABELS, filtersToApiParams, filtersToRelax, type WorkflowFilters } from '@/lib/workflows/filters';
import { workflowQueries } from '@/lib/queries/workflows';
import { useWorkflowFilters } from './use-workflow-filters';
import { WorkflowListSkeleton } from './workflow-list-skeleton';
import { WorkflowTable } from './workflow-table';

/** A focused row's drill-down is fetched after this dwell, so `j`-ing past rows does not fan out upstream. */
const WARM_AFTER_MS = 400;
/** With an exact status filter a page can come back empty while more remain; keep reading this many pages. */
const MAX_EMPTY_PAGES = 10;

export function WorkflowResults() {
  const { active, setFilters } = useWorkflowFilters();
  const query = useInfiniteQuery(workflowQueries.list(active));
  const queryClient = useQueryClient();
  const warmTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const rows = useMemo(() => (query.data?.pages ?? []).flatMap((page) => page.items), [query.data]);
  // With a risk filter the list follows the index live: new matches are counted, and shown when asked for.
  const liveQuery = active.minRisk && query.data ? apiPath('', filtersToApiParams(active)).slice(1) : null;
  const live = useLiveItems(liveQuery, null);
  const shown = useMemo(() => new Set(rows.map((row) => row.id)), [rows]);
  const unseen = live.items.filter((item) => !shown.has(item.id)).length;
  const warm = useCallback(
    (id: string) => {
      clearTimeout(warmTimer.current);
      warmTimer.current = setTimeout(() => void queryClient.prefetchQuery(workflowQueries.detail(id)), WARM_AFTER_MS);
    },
    [queryClient],
  );
  const { fetchNextPage, hasNextPage, isFetchingNextPage, isFetchNextPageError } = query;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const pageCount = query.data?.pages.length ?? 0;
  const keepSearching = rows.length === 0 && hasNextPage && pageCount > 0 && pageCount < MAX_EMPTY_PAGES;
  useEffect(() => {
    if (keepSearching && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [keepSearching, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  if (query.isPending) return <WorkflowListSkeleton />;

  if (query.isError && !query.data) {
    return (
      <QueryErrorState
        what="workflows"
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        fallbackDetail="The Orchestration API did not give a usable answer for this search."
      />
    );
  }

  if (keepSearching) {
    const read = query.data.pages.reduce((count, page) => count + page.scanned, 0);
    return <WorkflowListSkeleton label={`Searching… ${read} workflows read so far`} />;
  }

  if (rows.length === 0) {
    return <NoMatches active={active} setFilters={setFilters} stillMore={query.hasNextPage} onMore={loadMore} />;
  }

  return (
    <div className="space-y-2">
      <NewItemsBar
        count={unseen}
        what="matching workflow"
        onShow={() => {
          live.take();
          void query.refetch();
        }}
      />
      <Muted size="xs" aria-live="polite">
        {rows.length.toLocaleString('en-US')} workflows loaded{query.hasNextPage ? ', more as you scroll' : ', end of results'}.
      </Muted>
      <WorkflowTable
        rows={rows}
        hasNextPage={query.hasNextPage}
        isFetchingNextPage={query.isFetchingNextPage}
        nextPageError={query.isFetchNextPageError ? describeFailure(query.error).title : null}
        fetchNextPage={loadMore}
        positionKey={`workflows-position:${JSON.stringify(active)}`}
        onRowFocus={warm}
      />
    </div>
  );
}

/** Says which filters are in force and offers to drop each, narrowest first. */
function NoMatches({
  active,
  setFilters,
  stillMore,
  onMore,
}: {
  active: Partial<WorkflowFilters>;
  setFilters: ReturnType<typeof useWorkflowFilters>['setFilters'];
  stillMore: boolean;
  onMore: () => void;
}) {
  const relax = filtersToRelax(active);
  if (relax.length === 0) {
    return <EmptyState title="No workflows yet">The Orchestration API has no workflows for this console&apos;s token.</EmptyState>;
  }
  const first = relax[0]!;
  return (
    <EmptyState
      title="No workflows match this search"
      action={
        <>
          {relax.map((key) => (
            <Chip key={key} onRemove={() => void setFilters({ [key]: null })} removeLabel={`Remove the ${FILTER_LABELS[key]} filter`}>
              {FILTER_LABELS[key]}: <VisibleText text={describeValue(active[key])} />
            </Chip>
          ))}
          {stillMore ? (
            <Button size="sm" variant="secondary" onClick={onMore}>
              Keep searching older workflows
            </Button>
          ) : null}
        </>
      }
    >
      {relax.length === 1 ? (
        <>Relax the {FILTER_LABELS[first].toLowerCase()} filter: it is the only one in force.</>
      ) : (
        <>
          Try relaxing the {FILTER_LABELS[first].toLowerCase()} filter first; {relax.length} filters are in force and all must
          match.
        </>
      )}
    </EmptyState>
  );
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(' + ');
  if (value === true) return 'on';
  return String(value);
}
