'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useQueryStates } from 'nuqs';
import { toast } from '@/components/ui/toast';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Muted } from '@/components/ui/muted';
import { QueryErrorState } from '@/components/ui/query-error-state';
import { EmptyState, PartialNotice } from '@/components/ui/states';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import type { ScoreBand } from '@/lib/moderation/scan';
import { describeFailure } from '@/lib/queries/api-error';
import { overviewParsers, overviewQueries } from '@/lib/queries/overview';
import { setWatched } from '@/lib/queries/watched-users';
import { serializeWorkflowFilters, type WorkflowFilters } from '@/lib/workflows/filters';
import type { CivitaiRiskyUser, RiskOverview as Overview, RiskyUser } from '@/lib/risk-index/overview';
import { cn } from '@/lib/utils';
import { WindowPicker } from './window-picker';

const linkClass = 'text-sky-700 hover:underline dark:text-sky-400';

/** Each band's card: what it means, and the list filter that shows its workflows (the list filters workflows). */
const BANDS: { band: ScoreBand; label: string; tone: BadgeProps['tone']; filter: Partial<WorkflowFilters>; explain: string }[] = [
  { band: 'above', label: 'Above threshold', tone: 'danger', filter: { minRisk: 'above', sort: 'risk' }, explain: 'hard-gated' },
  { band: 'near', label: 'Near threshold', tone: 'warning', filter: { minRisk: 'near', sort: 'risk' }, explain: 'gated until revealed' },
  { band: 'unknown', label: 'Score unknown', tone: 'danger', filter: { minRisk: 'near', sort: 'risk' }, explain: 'never treated as safe' },
  { band: 'below', label: 'Below threshold', tone: 'success', filter: {}, explain: 'scored below near' },
];

const percent = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)} %`);

/** The moderators' landing page: where risk is in the chosen window, from the risk index. */
export function RiskOverview({ canWatch }: { canWatch: boolean }) {
  const [{ window: chosen }, setParams] = useQueryStates(overviewParsers, { history: 'push' });
  const overview = useQuery(overviewQueries.window(chosen));
  return (
    <div className="space-y-4">
      <WindowPicker chosen={chosen} onChoose={(window) => void setParams({ window })} />
      {overview.isError ? (
        <QueryErrorState what="the risk overview" error={overview.error} onRetry={() => void overview.refetch()} retrying={overview.isFetching} />
      ) : overview.isPending ? (
        <Muted size="sm">Loading the overview…</Muted>
      ) : (
        <OverviewBody overview={overview.data} canWatch={canWatch} />
      )}
    </div>
  );
}

function OverviewBody({ overview, canWatch }: { overview: Overview; canWatch: boolean }) {
  if (overview.index.newestWorkflowAt === null) {
    return (
      <EmptyState title="The risk index holds nothing yet">
        The indexer reads the Orchestration API in the background ({overview.index.enabled ? 'running in this console' : 'not running in this console: INDEX_ENABLED=false'}
        ). Counts and users appear here as soon as it has read the first workflows; the <Link href="/status" className={linkClass}>Status</Link> screen shows its progress
        {overview.index.lastError ? ` and its last error (${overview.index.lastError})` : ''}. Meanwhile, search the <Link href="/workflows" className={linkClass}>workflows</Link>{' '}
        directly.
      </EmptyState>
    );
  }
  const total = Object.values(overview.bands).reduce((sum, count) => sum + count, 0);
  return (
    <>
      <Freshness overview={overview} />
      <section aria-label="Outputs by CSAM band" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {BANDS.map(({ band, label, tone, filter, explain }) => (
          <Link
            key={band}
            href={`/workflows${serializeWorkflowFilters({ ...filter, from: overview.since })}`}
            aria-label={`${label}: ${overview.bands[band]} outputs`}
            data-band={band}
            className="rounded-lg focus-visible:outline-2 focus-visible:outline-sky-600"
          >
            <Card className="h-full hover:border-zinc-400 dark:hover:border-zinc-600">
              <Badge tone={tone}>{label}</Badge>
              <p className="mt-2 text-2xl font-semibold tabular-nums">{overview.bands[band].toLocaleString('en')}</p>
              <Muted size="xs">outputs, {explain}</Muted>
            </Card>
          </Link>
        ))}
      </section>
      {total === 0 ? (
        <EmptyState title="No outputs in this window">
          The index holds older workflows only (the newest was created <UtcTime value={overview.index.newestWorkflowAt} />). Pick a longer window above.
        </EmptyState>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          <RiskyUsersTable title="Riskiest Civitai users" users={overview.civitaiUsers} kind="civitai" canWatch={canWatch} />
          <RiskyUsersTable title="Riskiest end users" users={overview.endUsers} kind="end-user" canWatch={false} />
        </div>
      )}
    </>
  );
}

function Freshness({ overview }: { overview: Overview }) {
  const { index } = overview;
  const follower = !index.enabled
    ? 'No indexer runs in this console (INDEX_ENABLED=false): the index holds what other instances and opened workflows wrote'
    : index.followerLagSeconds === null
      ? 'The follower has not polled yet'
      : `New workflows were looked for ${index.followerLagSeconds} s ago`;
  const backfill = index.enabled && !index.backfillDone ? '; the backfill is still running, so older days may be incomplete' : '';
  const line = (
    <>
      From the risk index, read <UtcTime value={overview.at} />, counting the outputs of workflows created since <UtcTime value={overview.since} />. {follower}
      {backfill}.
    </>
  );
  const behind = !index.enabled || index.followerLagSeconds === null || index.followerLagSeconds > 120 || !index.backfillDone || index.lastError !== null;
  return behind ? (
    <PartialNotice>
      {line} {index.lastError ? `Last indexer error: ${index.lastError}.` : ''} <Link href="/status" className={linkClass}>Status</Link>
    </PartialNotice>
  ) : (
    <Muted size="sm">{line}</Muted>
  );
}

function RiskyUsersTable({ title, users, kind, canWatch }: { title: string; users: (RiskyUser | CivitaiRiskyUser)[]; kind: 'civitai' | 'end-user'; canWatch: boolean }) {
  const headingId = `overview-${kind}`;
  return (
    <Card className="space-y-2 overflow-x-auto" aria-labelledby={headingId}>
      <h2 id={headingId} className="font-semibold">
        {title}
      </h2>
      {users.length === 0 ? (
        <Muted size="sm">{kind === 'civitai' ? 'No Civitai user in this window.' : <>No end user (a <code>user:&lt;id&gt;</code> tag) in this window.</>}</Muted>
      ) : (
        <Table aria-labelledby={headingId}>
          <TableHeader>
            <TableRow>
              <TableHead>{kind === 'civitai' ? 'Civitai user' : 'End user'}</TableHead>
              <TableHead className="text-right">Worst score</TableHead>
              <TableHead className="text-right">Above</TableHead>
              <TableHead className="text-right">Near</TableHead>
              <TableHead className="text-right">Unreviewed</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((user) => (
              <UserRow key={user.id} user={user} kind={kind} canWatch={canWatch} />
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

function UserRow({ user, kind, canWatch }: { user: RiskyUser | CivitaiRiskyUser; kind: 'civitai' | 'end-user'; canWatch: boolean }) {
  const filter: Partial<WorkflowFilters> = kind === 'civitai' ? { userId: user.id } : { endUser: user.id };
  const queue = `/queue${serializeWorkflowFilters({ ...filter, minRisk: 'near', sort: 'risk' })}`;
  const name = kind === 'civitai' ? user.id : `user:${user.id}`;
  return (
    <TableRow data-risky-user={name}>
      <TableCell>
        <Link href={kind === 'civitai' ? `/users/${user.id}` : `/workflows${serializeWorkflowFilters(filter)}`} className={cn(linkClass, 'font-mono')}>
          {name}
        </Link>
      </TableCell>
      <TableCell className="text-right font-mono tabular-nums">{percent(user.worstCsam)}</TableCell>
      <TableCell className="text-right tabular-nums">{user.above}</TableCell>
      <TableCell className="text-right tabular-nums">{user.near}</TableCell>
      <TableCell className="text-right tabular-nums">{user.unreviewed}</TableCell>
      <TableCell className="whitespace-nowrap text-right">
        <Link href={queue} className={cn(linkClass, 'text-sm')} aria-label={`Queue of ${name}`}>
          Queue
        </Link>
        {'watched' in user ? <WatchButton userId={user.id} watched={user.watched} canWatch={canWatch} /> : null}
      </TableCell>
    </TableRow>
  );
}

function WatchButton({ userId, watched, canWatch }: { userId: string; watched: boolean; canWatch: boolean }) {
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => setWatched(queryClient, userId, !watched),
    onSuccess: () => toast.success(watched ? `The index no longer follows user ${userId}.` : `The index now follows user ${userId}.`),
    onError: (error) => toast.error(describeFailure(error).title),
  });
  const badge = watched ? <Badge className="ml-2">watched</Badge> : null;
  if (!canWatch) return badge;
  return (
    <>
      {badge}
      <Button size="sm" variant="secondary" className="ml-2" aria-label={`${watched ? 'Unwatch' : 'Watch'} user ${userId}`} disabled={toggle.isPending} onClick={() => toggle.mutate()}>
        {watched ? 'Unwatch' : 'Watch'}
      </Button>
    </>
  );
}
