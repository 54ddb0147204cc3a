import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { StatusPanel } from '@/components/status/status-panel';
import { WatchedUsers } from '@/components/status/watched-users';
import { can } from '@/lib/auth/roles';
import { ScreenHeader } from '@/components/screen-header';
import { requirePageRole } from '@/lib/auth/session';
import { prefetchStatus } from '@/lib/queries/prefetch';
import { dehydratedState } from '@/lib/queries/server';
import packageJson from '@/package.json';

export const metadata: Metadata = { title: 'Upstream status' };

export default async function StatusPage() {
  const user = await requirePageRole('viewer');
  await prefetchStatus();
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
      <ScreenHeader title="Upstream status" description="Is the Orchestration API reachable, how fast, and how the console is configured." />
      <HydrationBoundary state={dehydratedState()}>
        <StatusPanel version={packageJson.version} />
        {can(user.role, 'manageUsers') ? <WatchedUsers /> : null}
      </HydrationBoundary>
    </div>
  );
}
