import { HydrationBoundary } from '@tanstack/react-query';
import Link from 'next/link';
import { ConsoleFrame } from '@/components/console-frame';
import { RiskOverview } from '@/components/overview/risk-overview';
import { SiteHeader } from '@/components/site-header';
import { buttonVariants } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Muted } from '@/components/ui/muted';
import { ScreenHeader } from '@/components/screen-header';
import { can } from '@/lib/auth/roles';
import { getSessionUser } from '@/lib/auth/session';
import type { SessionUser } from '@/lib/auth/session-user';
import { loadOverviewParams } from '@/lib/queries/overview';
import { prefetchOverview } from '@/lib/queries/prefetch';
import { dehydratedState } from '@/lib/queries/server';

/** Signed out: what the console is. Signed in: the risk overview, the moderators' landing page. */
export default async function HomePage({ searchParams }: PageProps<'/'>) {
  const user = await getSessionUser();
  return user ? <OverviewPage user={user} searchParams={await searchParams} /> : <Welcome />;
}

async function OverviewPage({ user, searchParams }: { user: SessionUser; searchParams: Record<string, string | string[] | undefined> }) {
  const { window } = loadOverviewParams(searchParams);
  await prefetchOverview(window);
  return (
    <ConsoleFrame user={user}>
      <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
        <ScreenHeader title="Risk overview" description="Where CSAM risk is in the chosen window: outputs per band and the riskiest users, from the risk index." />
        <HydrationBoundary state={dehydratedState()}>
          <RiskOverview canWatch={can(user.role, 'watchUsers')} />
        </HydrationBoundary>
      </div>
    </ConsoleFrame>
  );
}

function Welcome() {
  return (
    <>
      <SiteHeader />
      <main className="mx-auto max-w-3xl px-4 py-12">
        <h1 className="text-3xl font-semibold tracking-tight">Review AI generations safely</h1>
        <p className="mt-4 text-zinc-700 dark:text-zinc-300">
          This console lets trust-and-safety moderators search workflows run through the Civitai Orchestration API by user,
          tag, text, date or status, drill into each step and job, read the scan evidence (CSAM score, VLM summary, blocked
          reason, NSFW level, prompt flags) and look at the media behind a server-side gate.
        </p>
        <div className="mt-8 grid gap-4 sm:grid-cols-2">
          <Card>
            <h2 className="font-medium">Start here</h2>
            <Muted size="sm" className="mt-1">
              Sign in, then search workflows by a Civitai user id or an end-user tag such as <code>user:123</code>.
            </Muted>
            <Link href="/workflows" className={buttonVariants({ className: 'mt-4' })}>
              Open the workflows
            </Link>
          </Card>
          <Card>
            <h2 className="font-medium">Media is gated</h2>
            <Muted size="sm" className="mt-1">
              Mature media arrives blurred in its pixels; unscanned or high-risk media sends no pixels until an authorised,
              audited reveal.
            </Muted>
          </Card>
        </div>
      </main>
    </>
  );
}
