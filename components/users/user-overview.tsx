'use client';

import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useMemo } from 'react';
import { ScoreBandBadge } from '@/components/jobs/score-band-badge';
import { LevelBadge } from '@/components/media/level-badge';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Fact, Facts, Missing } from '@/components/ui/facts';
import { Section } from '@/components/ui/section';
import { LoadingRegion, Skeleton } from '@/components/ui/skeleton';
import { QueryErrorState } from '@/components/ui/query-error-state';
import { EmptyState, ErrorState, PartialNotice } from '@/components/ui/states';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { ROW_LINK_ATTRIBUTE } from '@/components/keyboard/shortcuts';
import type { CsamThresholds } from '@/lib/moderation/scan';
import type { JobEvidence } from '@/lib/moderation/read-model';
import { describeFailure } from '@/lib/queries/api-error';
import { jobQueries } from '@/lib/queries/jobs';
import { USER_PAGE_SIZE, userQueries } from '@/lib/queries/users';
import { summariseUserRisk, type UserRisk } from '@/lib/screens/user-risk';
import { CountBars } from './count-bars';

/** The overview reads at most this many workflows and scans at most this many of their jobs. */
export const MAX_WORKFLOWS = 1_000;
export const MAX_JOBS = 400;

// recharts is heavy: loaded on this screen only, and in the browser only (its inline styles are CSSOM, not HTML).
const CsamHistogram = dynamic(() => import('./csam-histogram').then((module) => module.CsamHistogram), {
  ssr: false,
  loading: () => <Skeleton className="h-64 w-full" />,
});

export function UserOverview({ userId, thresholds }: { userId: string; thresholds: CsamThresholds }) {
  const pages = useInfiniteQuery(userQueries.workflows(userId));
  const workflows = useMemo(() => (pages.data?.pages ?? []).flatMap((page) => page.items), [pages.data]);
  const reachedBound = workflows.length >= MAX_WORKFLOWS;
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = pages;

  // Page through the user's history in the background, up to the bound.
  useEffect(() => {
    if (hasNextPage && !reachedBound && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [hasNextPage, reachedBound, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const jobIds = useMemo(() => {
    const ids: string[] = [];
    for (const workflow of workflows) for (const step of workflow.steps) for (const job of step.jobs) ids.push(job.id);
    return [...new Set(ids)].slice(0, MAX_JOBS);
  }, [workflows]);
  const jobResults = useQueries({ queries: jobIds.map((id) => ({ ...jobQueries.detail(id), staleTime: 5 * 60_000 })) });
  const jobs = useMemo(() => {
    const found = new Map<string, JobEvidence>();
    for (const result of jobResults) if (result.data) found.set(result.data.jobId, result.data);
    return found;
  }, [jobResults]);
  const failedJobs = jobResults.filter((result) => result.isError).length;
  const pendingJobs = jobResults.filter((result) => result.isPending).length;

  const risk = useMemo(() => summariseUserRisk(workflows, jobs, thresholds), [workflows, jobs, thresholds]);

  if (pages.isPending) {
    return (
      <LoadingRegion label="Loading the user's workflows…" className="space-y-4">
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-64 w-full" />
      </LoadingRegion>
    );
  }
  if (pages.isError && !pages.data) {
    return (
      <QueryErrorState
        what="this user's workflows"
        error={pages.error}
        onRetry={() => void pages.refetch()}
        retrying={pages.isFetching}
        fallbackDetail="The manager endpoint of the Orchestration API did not answer."
      />
    );
  }
  if (workflows.length === 0 && !hasNextPage) {
    return <EmptyState title="No workflows for this user">The manager endpoint lists no workflows for Civitai user {userId}.</EmptyState>;
  }

  const stillReading = (hasNextPage && !reachedBound) || pendingJobs > 0;
  return (
    <div className="space-y-6">
      <ReadProgress
        workflows={workflows.length}
        moreWorkflows={hasNextPage && !reachedBound}
        reachedBound={reachedBound && hasNextPage}
        jobsRead={jobResults.length - pendingJobs}
        jobsTotal={jobIds.length}
        stillReading={stillReading}
      />
      {isFetchNextPageError ? (
        <ErrorState
          title={`Stopped after ${workflows.length} workflows: ${describeFailure(pages.error).title}`}
          action={<Button onClick={() => void fetchNextPage()}>Continue</Button>}
        />
      ) : null}
      {failedJobs > 0 ? (
        <PartialNotice>
          {failedJobs} of {jobIds.length} job lookups failed; their outputs count as unknown scores, never as safe.
        </PartialNotice>
      ) : null}
      <Summary risk={risk} userId={userId} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Section title="CSAM scores of outputs">
          <Card>
            <CsamHistogram bins={risk.histogram} unknown={risk.unknownScores} thresholds={thresholds} />
          </Card>
        </Section>
        <div className="space-y-4">
          <Section title="Workflows by status">
            <Card>
              <CountBars label="Workflows by status" items={risk.byStatus.map((entry) => ({ label: entry.status, count: entry.count }))} />
            </Card>
          </Section>
          <Section title="Outputs by NSFW level">
            <Card>
              <CountBars
                label="Outputs by NSFW level"
                items={risk.byLevel.map((entry) => ({ label: entry.level.toUpperCase(), count: entry.count, danger: entry.level === 'xxx' || entry.level === 'unrated' }))}
              />
            </Card>
          </Section>
        </div>
      </div>
      <RiskiestJobs risk={risk} />
      <Section title={`Tags used (${risk.tags.length})`}>
        {risk.tags.length ? (
          <ul className="flex flex-wrap gap-1.5">
            {risk.tags.slice(0, 60).map((entry) => (
              <li key={entry.tag}>
                <Link
                  href={`/workflows?userId=${userId}&tags=${encodeURIComponent(entry.tag)}`}
                  className="inline-flex items-center gap-1 rounded-full border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                >
                  <VisibleText text={entry.tag} />
                  <span className="text-zinc-500 dark:text-zinc-400 tabular-nums">{entry.count}</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No tags.</p>
        )}
      </Section>
    </div>
  );
}

function ReadProgress(props: {
  workflows: number;
  moreWorkflows: boolean;
  reachedBound: boolean;
  jobsRead: number;
  jobsTotal: number;
  stillReading: boolean;
}) {
  const workflowMax = props.moreWorkflows ? Math.min(MAX_WORKFLOWS, props.workflows + USER_PAGE_SIZE) : props.workflows;
  return (
    <div className="grid gap-2 text-sm sm:grid-cols-2" role="status" aria-live="polite" aria-busy={props.stillReading}>
      <label className="space-y-1">
        <span className="block">
          {props.moreWorkflows ? 'Reading workflows' : 'Workflows read'}: {props.workflows.toLocaleString('en-US')}
          {props.reachedBound ? ` (stopped at the bound of ${MAX_WORKFLOWS.toLocaleString('en-US')}; older ones not included)` : ''}
        </span>
        <progress className="h-2 w-full accent-sky-700" value={props.workflows} max={Math.max(workflowMax, 1)} />
      </label>
      <label className="space-y-1">
        <span className="block">
          Job scans read: {props.jobsRead} of {props.jobsTotal}
          {props.jobsTotal >= MAX_JOBS ? ` (at most ${MAX_JOBS})` : ''}
        </span>
        <progress className="h-2 w-full accent-sky-700" value={props.jobsRead} max={Math.max(props.jobsTotal, 1)} />
      </label>
    </div>
  );
}

function Summary({ risk, userId }: { risk: UserRisk; userId: string }) {
  return (
    <Card>
      <Facts className="sm:grid-cols-[max-content_1fr_max-content_1fr]">
        <Fact label="Workflows">
          <Link href={`/workflows?userId=${userId}`} className="text-sky-700 hover:underline dark:text-sky-400">
            {risk.workflowCount.toLocaleString('en-US')}
          </Link>
        </Fact>
        <Fact label="Jobs scanned">{risk.scannedJobs.toLocaleString('en-US')}</Fact>
        <Fact label="First activity">
          <UtcTime value={risk.firstActivity} />
        </Fact>
        <Fact label="Last activity">
          <UtcTime value={risk.lastActivity} />
        </Fact>
        <Fact label="Unreadable scores">{risk.unknownScores}</Fact>
        <Fact label="Worst CSAM band">{risk.riskiest[0] ? <ScoreBandBadge band={risk.riskiest[0].band} /> : <Missing label="no scans yet" />}</Fact>
      </Facts>
    </Card>
  );
}

function RiskiestJobs({ risk }: { risk: UserRisk }) {
  return (
    <Section title={`Riskiest jobs (top ${risk.riskiest.length})`}>
      {risk.riskiest.length ? (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Job</TableHead>
              <TableHead>Workflow</TableHead>
              <TableHead>CSAM band</TableHead>
              <TableHead>Highest score</TableHead>
              <TableHead>NSFW level</TableHead>
              <TableHead>Blocked</TableHead>
              <TableHead>Prompt flags</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {risk.riskiest.map((job) => (
              <TableRow key={job.jobId}>
                <TableCell className="font-mono text-xs">
                  <Link href={`/jobs/${encodeURIComponent(job.jobId)}`} {...{ [ROW_LINK_ATTRIBUTE]: '' }} className="text-sky-800 hover:underline dark:text-sky-300">
                    {job.jobId}
                  </Link>
                </TableCell>
                <TableCell className="font-mono text-xs">
                  {job.workflowId ? (
                    <Link href={`/workflows/${encodeURIComponent(job.workflowId)}`} className="hover:underline">
                      <VisibleText text={job.workflowId} />
                    </Link>
                  ) : (
                    <Missing />
                  )}
                </TableCell>
                <TableCell>
                  <ScoreBandBadge band={job.band} />
                </TableCell>
                <TableCell className="font-mono text-xs">
                  {job.maxScore === null ? <Missing label="unreadable" /> : `${job.maxScore.toFixed(2)} %`}
                </TableCell>
                <TableCell>
                  <LevelBadge level={job.nsfwLevel} />
                </TableCell>
                <TableCell className="text-xs">{job.blockedReason ? <VisibleText text={job.blockedReason} /> : 'no'}</TableCell>
                <TableCell>
                  <span className="flex flex-wrap gap-1">
                    {job.promptFlags.map((flag) => (
                      <Badge key={flag} tone="warning">
                        <VisibleText text={flag} />
                      </Badge>
                    ))}
                  </span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No job scans read yet.</p>
      )}
    </Section>
  );
}
