import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ScreenHeader } from '@/components/screen-header';
import { UserHistory } from '@/components/users/user-history';
import { UserOverview } from '@/components/users/user-overview';
import { UserStrikes } from '@/components/users/user-strikes';
import { can } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';
import { scanThresholds } from '@/lib/moderation/config';
import { isUserId } from '@/lib/orchestrator/ids';
import { prefetchUserPage } from '@/lib/queries/prefetch';
import { dehydratedState } from '@/lib/queries/server';
import { reasonCodes } from '@/lib/review/server';
import { watchOnBehalf } from '@/lib/risk-index/watch';
import { CONTEXT_USER_ATTRIBUTE } from '@/components/keyboard/shortcuts';

export const metadata: Metadata = { title: 'User risk overview' };

export default async function UserPage({ params }: PageProps<'/users/[userId]'>) {
  const user = await requirePageRole('viewer');
  const { userId } = await params;
  if (!isUserId(userId)) notFound();
  // Opening a user asks the index to follow them (its watch backfills what it has not seen yet).
  await Promise.all([prefetchUserPage(user, userId), watchOnBehalf(userId, user.id, 'opened')]);
  const moderator = can(user.role, 'readStrikes');
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-6 px-4 py-4" {...{ [CONTEXT_USER_ATTRIBUTE]: userId }}>
      <ScreenHeader title={`Civitai user ${userId}`} description="Risk overview from the risk index, strikes from the Orchestration API, and the team's past work on this user." />
      <HydrationBoundary state={dehydratedState()}>
        <UserOverview userId={userId} thresholds={scanThresholds()} />
        {moderator ? (
          <>
            <UserStrikes userId={userId} canReview={can(user.role, 'reviewStrikes')} />
            <UserHistory userId={userId} reasonCodes={reasonCodes()} />
          </>
        ) : null}
      </HydrationBoundary>
    </div>
  );
}
