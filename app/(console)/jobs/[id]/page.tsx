import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { JobUnavailable } from '@/components/jobs/job-unavailable';
import { JobView } from '@/components/jobs/job-view';
import { can } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';
import { scanThresholds } from '@/lib/moderation/config';
import { prefetchJob } from '@/lib/queries/prefetch';
import { dehydratedState } from '@/lib/queries/server';

export const metadata: Metadata = { title: 'Job scan evidence' };

export default async function JobPage({ params }: PageProps<'/jobs/[id]'>) {
  const user = await requirePageRole('viewer');
  const { id } = await params;
  const job = await prefetchJob(id);
  return (
    <HydrationBoundary state={dehydratedState()}>
      {job ? (
        <JobView job={job} thresholds={scanThresholds()} findSimilar={can(user.role, 'findSimilar')} />
      ) : (
        <div className="mx-auto w-full max-w-[1800px] px-4 py-4">
          <JobUnavailable id={id} />
        </div>
      )}
    </HydrationBoundary>
  );
}
