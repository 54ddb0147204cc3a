import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ScreenHeader } from '@/components/ui/screen-header';
import { UserOverview } from '@/components/users/user-overview';
import { requirePageRole } from '@/lib/auth/session';
import { scanThresholds } from '@/lib/moderation/config';
import { prefetchUserWorkflows } from '@/lib/queries/prefetch';
import { dehydratedState } from '@/lib/queries/server';
import { watchOnBehalf } from '@/lib/risk-index/watch';
import { CONTEXT_USER_ATTRIBUTE } from '@/components/keyboard/shortcuts';

export const metadata: Metadata = { title: 'User risk overview' };

export default async function UserPage({ params }: PageProps<'/users/[userId]'>) {
  const user = await requirePageRole('viewer');
  const { userId } = await params;
  await Promise.all([prefetchUserWorkflows(userId), watchOnBehalf(userId, user.id, 'opened')]);
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4" {...{ [CONTEXT_USER_ATTRIBUTE]: userId }}>
      <ScreenHeader
        title={`Civitai user ${userId}`}
        description="Risk overview of this user's history, read page by page through the manager endpoint."
      />
      <HydrationBoundary state={dehydratedState()}>
        <UserOverview userId={userId} thresholds={scanThresholds()} />
      </HydrationBoundary>
    </div>
  );
}
