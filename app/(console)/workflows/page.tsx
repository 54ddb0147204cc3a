import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { BulkDecisionSlot, BulkSelectionProvider } from '@/components/review/bulk-selection';
import { OpenAsQueueLink } from '@/components/review/open-as-queue';
import { ScreenHeader } from '@/components/screen-header';
import { WorkflowResults } from '@/components/workflows/workflow-results';
import { WorkflowSearch } from '@/components/workflows/workflow-search';
import { can } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';
import { prefetchWorkflowList } from '@/lib/queries/prefetch';
import { dehydratedState } from '@/lib/queries/server';
import { reasonCodes } from '@/lib/review/server';
import { loadWorkflowFilters, normaliseFilters } from '@/lib/workflows/filters';

export const metadata: Metadata = { title: 'Workflows' };

export default async function WorkflowsPage({ searchParams }: PageProps<'/workflows'>) {
  const user = await requirePageRole('viewer');
  const filters = normaliseFilters(loadWorkflowFilters(await searchParams));
  await prefetchWorkflowList(filters);
  const results = (
    <HydrationBoundary state={dehydratedState()}>
      <WorkflowResults />
    </HydrationBoundary>
  );
  const decides = can(user.role, 'recordDecision');
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
      <ScreenHeader
        title="Workflows"
        description="Search by Civitai user, end user, tags, metadata text, UTC dates and status. Every filter is in the address, so a view can be shared."
        actions={decides ? <OpenAsQueueLink /> : undefined}
      />
      <WorkflowSearch />
      {decides ? (
        <BulkSelectionProvider>
          <BulkDecisionSlot reasonCodes={reasonCodes()} role={user.role} />
          {results}
        </BulkSelectionProvider>
      ) : (
        results
      )}
    </div>
  );
}
