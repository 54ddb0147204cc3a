import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ReviewPanel } from '@/components/review/review-panel';
import { WorkflowUnavailable } from '@/components/workflows/workflow-unavailable';
import { WorkflowView } from '@/components/workflows/workflow-view';
import { requirePageRole } from '@/lib/auth/session';
import { prefetchWorkflow } from '@/lib/queries/prefetch';
import { dehydratedState } from '@/lib/queries/server';
import { reasonCodes } from '@/lib/review/server';

export const metadata: Metadata = { title: 'Workflow' };

export default async function WorkflowPage({ params }: PageProps<'/workflows/[id]'>) {
  const user = await requirePageRole('viewer');
  const { id } = await params;
  const drillDown = await prefetchWorkflow(user, id);
  if (!drillDown) {
    return (
      <div className="mx-auto w-full max-w-[1800px] px-4 py-4">
        <HydrationBoundary state={dehydratedState()}>
          <WorkflowUnavailable id={id} />
        </HydrationBoundary>
      </div>
    );
  }
  // The gate is decided on the server, per output, for this reviewer; the tiles only display the decision. The
  // review panel comes first on a narrow screen and stays in view beside the evidence on a wide one.
  return (
    <HydrationBoundary state={dehydratedState()}>
      <div className="flex flex-col xl:grid xl:grid-cols-[minmax(0,1fr)_26rem] xl:items-start">
        <div className="order-2 min-w-0 xl:order-1">
          <WorkflowView drillDown={drillDown} />
        </div>
        <aside
          aria-label="Review"
          className="order-1 px-4 pt-4 xl:sticky xl:top-0 xl:order-2 xl:max-h-screen xl:overflow-y-auto xl:pr-4 xl:pb-4 xl:pl-0"
          data-review-panel
        >
          <ReviewPanel workflow={drillDown.workflow} reasonCodes={reasonCodes()} role={user.role} userId={user.id} />
        </aside>
      </div>
    </HydrationBoundary>
  );
}
