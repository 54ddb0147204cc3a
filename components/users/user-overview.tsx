'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { ScoreBandBadge } from '@/components/jobs/score-band-badge';
import { Card } from '@/components/ui/card';
import { EntityLink } from '@/components/ui/entity-link';
import { Fact, Facts, Missing } from '@/components/ui/facts';
import { Muted } from '@/components/ui/muted';
import { Section } from '@/components/ui/section';
import { LoadingRegion, Skeleton } from '@/components/ui/skeleton';
import { QueryErrorState } from '@/components/ui/query-error-state';
import { PartialNotice } from '@/components/ui/states';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { ROW_LINK_ATTRIBUTE } from '@/components/keyboard/shortcuts';
import { RiskBadge } from '@/components/workflows/risk-badge';
import type { CsamThresholds, ScoreBand } from '@/lib/moderation/scan';
import { userQueries } from '@/lib/queries/users';
import type { UserRisk } from '@/lib/users/risk';
import { CountBars } from './count-bars';

// recharts is heavy: loaded on this screen only, and in the browser only (its inline styles are CSSOM, not HTML).
const CsamHistogram = dynamic(() => import('./csam-histogram').then((module) => module.CsamHistogram), {
  ssr: false,
  loading: () => <Skeleton className="h-64 w-full" />,
});

const BAND_ORDER: readonly ScoreBand[] = ['above', 'unknown', 'near', 'below'];

/** The user's risk as the index holds it: one request, no upstream read, whatever the length of their history. */
export function UserOverview({ userId, thresholds }: { userId: string; thresholds: CsamThresholds }) {
  const risk = useQuery(userQueries.risk(userId));
  if (risk.isPending) {
    return (
      <LoadingRegion label="Loading the user's risk from the index…" className="space-y-4">
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-64 w-full" />
      </LoadingRegion>
    );
  }
  if (risk.isError) {
    return (
      <QueryErrorState
        what="this user's risk"
        error={risk.error}
        onRetry={() => void risk.refetch()}
        retrying={risk.isFetching}
        fallbackDetail="The risk index could not be read."
      />
    );
  }
  const data = risk.data;
  return (
    <div className="space-y-6">
      {data.workflowCount === 0 ? (
        <PartialNotice>
          The risk index has not seen this user&apos;s workflows yet. Opening this page asked it to follow them: their history is
          being read in the background and the counts appear as it arrives.
        </PartialNotice>
      ) : null}
      <Summary risk={data} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Section title="CSAM scores of outputs">
          <Card>
            <CsamHistogram bins={data.histogram} unknown={data.bands.unknown} thresholds={thresholds} />
          </Card>
        </Section>
        <div className="space-y-4">
          <Section title="Workflows by status">
            <Card>
              <CountBars label="Workflows by status" items={data.byStatus.map((entry) => ({ label: entry.status, count: entry.count }))} />
            </Card>
          </Section>
          <Section title="Outputs by NSFW level">
            <Card>
              <CountBars
                label="Outputs by NSFW level"
                items={data.byLevel.map((entry) => ({ label: entry.level.toUpperCase(), count: entry.count, danger: entry.level === 'xxx' || entry.level === 'unrated' }))}
              />
            </Card>
          </Section>
        </div>
      </div>
      <RiskiestWorkflows risk={data} />
      <Section title={`Tags used (${data.tags.length})`}>
        {data.tags.length ? (
          <ul className="flex flex-wrap gap-1.5">
            {data.tags.map((entry) => (
              <li key={entry.tag}>
                <Link
                  href={`/workflows?userId=${userId}&tags=${encodeURIComponent(entry.tag)}`}
                  className="inline-flex items-center gap-1 rounded-full border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                >
                  <VisibleText text={entry.tag} />
                  <Muted as="span" tone="faint" className="tabular-nums">{entry.count}</Muted>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <Muted size="sm" tone="faint">No tags.</Muted>
        )}
      </Section>
    </div>
  );
}

function Summary({ risk }: { risk: UserRisk }) {
  const worst = BAND_ORDER.find((band) => risk.bands[band] > 0);
  return (
    <Card>
      <Facts className="sm:grid-cols-[max-content_1fr_max-content_1fr]">
        <Fact label="Workflows indexed">
          <Link href={`/workflows?userId=${risk.userId}`} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="user-workflow-count">
            {risk.workflowCount.toLocaleString('en-US')}
          </Link>
        </Fact>
        <Fact label="Outputs indexed">{risk.outputCount.toLocaleString('en-US')}</Fact>
        <Fact label="First activity">
          <UtcTime value={risk.firstActivity} />
        </Fact>
        <Fact label="Last activity">
          <UtcTime value={risk.lastActivity} />
        </Fact>
        <Fact label="Worst CSAM band">{worst ? <ScoreBandBadge band={worst} /> : <Missing label="no outputs indexed" />}</Fact>
        <Fact label="Index last read">
          <UtcTime value={risk.lastIndexedAt} />
        </Fact>
      </Facts>
      <ul aria-label="Outputs per CSAM band" className="mt-3 flex flex-wrap gap-3 text-sm">
        {BAND_ORDER.map((band) => (
          <li key={band} className="flex items-center gap-1.5" data-band={band}>
            <ScoreBandBadge band={band} />
            <span className="tabular-nums">{risk.bands[band].toLocaleString('en-US')}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function RiskiestWorkflows({ risk }: { risk: UserRisk }) {
  return (
    <Section title={`Riskiest workflows (top ${risk.riskiest.length})`}>
      {risk.riskiest.length ? (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Workflow</TableHead>
              <TableHead>CSAM risk</TableHead>
              <TableHead>Outputs</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Created</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {risk.riskiest.map((workflow) => (
              <TableRow key={workflow.id}>
                <TableCell className="font-mono text-xs">
                  <EntityLink kind="workflow" id={workflow.id} tone="strong" {...{ [ROW_LINK_ATTRIBUTE]: '' }}>
                    <VisibleText text={workflow.id} />
                  </EntityLink>
                </TableCell>
                <TableCell>
                  <RiskBadge risk={workflow.risk} />
                </TableCell>
                <TableCell className="tabular-nums">{workflow.outputCount}</TableCell>
                <TableCell>{workflow.status}</TableCell>
                <TableCell>
                  <UtcTime value={workflow.createdAt} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Muted size="sm" tone="faint">No workflows indexed yet.</Muted>
      )}
    </Section>
  );
}
