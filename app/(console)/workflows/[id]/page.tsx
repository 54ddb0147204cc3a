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
  // The gate is decided on the server, per output, for this reviewer; the tiles only display the decision.
  return (
    <HydrationBoundary state={dehydratedState()}>
      <WorkflowView drillDown={drillDown} />
      <ReviewPanel workflow={drillDown.workflow} reasonCodes={reasonCodes()} role={user.role} />
    </HydrationBoundary>
  );
}
