import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ScreenHeader } from '@/components/screen-header';
import { TeamView } from '@/components/team/team-view';
import { can, PERMISSIONS } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';
import { prefetchTeamStats } from '@/lib/queries/prefetch';
import { dehydratedState } from '@/lib/queries/server';
import { loadTeamParams } from '@/lib/queries/team';

export const metadata: Metadata = { title: 'Team' };

/** The leads' view (senior and admin): backlog, time to decision, each reviewer's decisions and exposure. */
export default async function TeamPage({ searchParams }: PageProps<'/team'>) {
  const user = await requirePageRole(PERMISSIONS.readTeamStats);
  const { window } = loadTeamParams(await searchParams);
  await prefetchTeamStats(user, window);
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
      <ScreenHeader title="Team" description="What waits in each queue, how fast items are decided, and what each reviewer decided and revealed." />
      <HydrationBoundary state={dehydratedState()}>
        <TeamView canReadAudit={can(user.role, 'readAuditLog')} />
      </HydrationBoundary>
    </div>
  );
}
