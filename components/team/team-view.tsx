'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useQueryStates } from 'nuqs';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Muted } from '@/components/ui/muted';
import { QueryErrorState } from '@/components/ui/query-error-state';
import { EmptyState } from '@/components/ui/states';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import type { ScoreBand } from '@/lib/moderation/scan';
import { teamParsers, teamQueries } from '@/lib/queries/team';
import type { TeamStats } from '@/lib/team/stats-types';
import { serializeWorkflowFilters } from '@/lib/workflows/filters';
import { WindowPicker } from '@/components/overview/window-picker';
import { ExposureApproval } from './exposure-approval';

// recharts is heavy: loaded on this screen only, after the figures, and in the browser only.
const TeamCharts = dynamic(() => import('./team-charts').then((module) => module.TeamCharts), {
  ssr: false,
  loading: () => <Muted size="sm">Loading the charts…</Muted>,
});

const linkClass = 'text-sky-700 hover:underline dark:text-sky-400';
const BAND_ORDER: readonly ScoreBand[] = ['above', 'unknown', 'near', 'below'];
const BAND_LABEL: Record<ScoreBand, string> = { above: 'above', unknown: 'unreadable', near: 'near', below: 'below' };

/** "1 h 25 min", "12 min", "40 s": how long items waited. */
function describeWait(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The audit log rows behind a figure (admins read the log; seniors see the figure alone). Built here rather than with
 * lib/audit/filter's serializer, whose zod schema would add about 32 KB (gzipped) to this screen's first load.
 */
function auditHref(filter: { actor: string; action: 'decision' | 'reveal'; from: Date; to?: Date }): string {
  const params = new URLSearchParams({ actor: filter.actor, action: filter.action, from: filter.from.toISOString() });
  if (filter.to) params.set('to', filter.to.toISOString());
  return `/audit?${params}`;
}

/** The leads' view: every figure of GET /api/stats for the chosen window, each linked to the items behind it. */
export function TeamView({ canReadAudit }: { canReadAudit: boolean }) {
  const [{ window: chosen }, setParams] = useQueryStates(teamParsers, { history: 'push' });
  const stats = useQuery(teamQueries.stats(chosen));
  return (
    <div className="space-y-4">
      <WindowPicker chosen={chosen} onChoose={(window) => void setParams({ window })} />
      {stats.isError ? (
        <QueryErrorState what="the team figures" error={stats.error} onRetry={() => void stats.refetch()} retrying={stats.isFetching} />
      ) : stats.isPending ? (
        <Muted size="sm">Loading the team figures…</Muted>
      ) : (
        <TeamBody stats={stats.data} canReadAudit={canReadAudit} />
      )}
    </div>
  );
}

function TeamBody({ stats, canReadAudit }: { stats: TeamStats; canReadAudit: boolean }) {
  const since = new Date(stats.since);
  return (
    <>
      <Muted size="xs">
        Since <UtcTime value={stats.since} />, read at <UtcTime value={stats.at} />.
      </Muted>
      <section aria-label="Backlog by queue" className="grid gap-3 lg:grid-cols-3">
        {stats.backlog.map((queue) => (
          <Card key={queue.preset} className="space-y-2" data-backlog={queue.preset}>
            <h2 className="text-sm font-semibold">
              <Link href={`/queue?preset=${queue.preset}`} className={linkClass}>
                {queue.label}
              </Link>
            </h2>
            <p className="text-2xl font-semibold tabular-nums">{queue.total}</p>
            <ul className="flex flex-wrap gap-2 text-xs">
              {BAND_ORDER.map((band) => (
                <li key={band}>
                  <Badge tone={band === 'above' || band === 'unknown' ? 'danger' : band === 'near' ? 'warning' : 'neutral'}>
                    {queue.bands[band]} {BAND_LABEL[band]}
                  </Badge>
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </section>
      <section aria-label="Decisions" className="grid gap-3 sm:grid-cols-3">
        <Card>
          <Muted size="xs">Workflows decided</Muted>
          <p className="text-2xl font-semibold tabular-nums" data-figure="decided">
            {stats.decided.workflows}
          </p>
          <Muted size="xs">{stats.decided.decisions} decisions</Muted>
        </Card>
        <Card>
          <Muted size="xs">Completion to first decision, median</Muted>
          <p className="text-2xl font-semibold tabular-nums" data-figure="p50">
            {describeWait(stats.timeToFirstDecision.p50Seconds)}
          </p>
          <Muted size="xs">
            90th percentile {describeWait(stats.timeToFirstDecision.p90Seconds)}, over {stats.timeToFirstDecision.workflows} workflows
          </Muted>
        </Card>
        <Card>
          <Muted size="xs">Reversals (a later decision changed an earlier one)</Muted>
          <p className="text-2xl font-semibold tabular-nums" data-figure="reversals">
            {stats.reversals.count}
          </p>
          {stats.reversals.latest.length ? (
            <ul className="mt-1 space-y-1 text-xs">
              {stats.reversals.latest.slice(0, 5).map((reversal) => (
                <li key={`${reversal.workflowId}-${reversal.at}`}>
                  <Link href={`/workflows/${encodeURIComponent(reversal.workflowId)}`} className={`${linkClass} font-mono`}>
                    {reversal.workflowId}
                  </Link>{' '}
                  {reversal.from} → {reversal.to} by {reversal.by}
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      </section>
      {stats.reviewers.length || stats.reveals.length ? <TeamCharts stats={stats} /> : null}
      <Card className="space-y-2">
        <h2 className="text-sm font-semibold">Decisions per reviewer</h2>
        {stats.reviewers.length === 0 ? (
          <EmptyState title="No decisions in this window">Decisions made in the queue or on a workflow page appear here.</EmptyState>
        ) : (
          <Table aria-label="Decisions per reviewer">
            <TableHeader>
              <TableRow>
                <TableHead>Reviewer</TableHead>
                <TableHead className="text-right">Decisions</TableHead>
                <TableHead className="text-right">OK</TableHead>
                <TableHead className="text-right">Flagged</TableHead>
                <TableHead className="text-right">Escalated</TableHead>
                <TableHead className="text-right">Reversals</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {stats.reviewers.map((reviewer) => (
                <TableRow key={reviewer.id} data-reviewer={reviewer.email}>
                  <TableCell>{reviewer.name}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {canReadAudit ? (
                      <Link href={auditHref({ actor: reviewer.id, action: 'decision', from: since })} className={linkClass}>
                        {reviewer.decisions}
                      </Link>
                    ) : (
                      reviewer.decisions
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{reviewer.ok}</TableCell>
                  <TableCell className="text-right tabular-nums">{reviewer.flagged}</TableCell>
                  <TableCell className="text-right tabular-nums">{reviewer.escalated}</TableCell>
                  <TableCell className="text-right tabular-nums">{reviewer.reversals}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      <Card className="space-y-2">
        <h2 className="text-sm font-semibold">Reveals per reviewer per day (UTC)</h2>
        {stats.reveals.length === 0 ? (
          <Muted size="sm">Nobody revealed gated media in this window.</Muted>
        ) : (
          <Table aria-label="Reveals per reviewer per day">
            <TableHeader>
              <TableRow>
                <TableHead>Day</TableHead>
                <TableHead>Reviewer</TableHead>
                <TableHead className="text-right">Tier 1–2</TableHead>
                <TableHead className="text-right">Tier 3</TableHead>
                <TableHead>
                  <span className="sr-only">Exposure limit</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {stats.reveals.map((row) => (
                <TableRow key={`${row.day}-${row.reviewerId}`}>
                  <TableCell className="tabular-nums">{row.day}</TableCell>
                  <TableCell>
                    {canReadAudit ? (
                      <Link
                        href={auditHref({ actor: row.reviewerId, action: 'reveal', from: new Date(`${row.day}T00:00:00.000Z`), to: new Date(`${row.day}T23:59:59.999Z`) })}
                        className={linkClass}
                      >
                        {row.name}
                      </Link>
                    ) : (
                      row.name
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{row.revealed}</TableCell>
                  <TableCell className="text-right tabular-nums">{row.tier3 ? <Badge tone="danger">{row.tier3}</Badge> : 0}</TableCell>
                  <TableCell>{row.day === stats.at.slice(0, 10) ? <ExposureApproval userId={row.reviewerId} name={row.name} /> : null}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      <Muted size="xs">
        Every backlog opens its queue; the CSAM queue’s workflows are also on the{' '}
        <Link href={`/workflows${serializeWorkflowFilters({ minRisk: 'near', sort: 'risk', from: stats.since })}`} className={linkClass}>
          workflows list, near or above
        </Link>
        .{canReadAudit ? ' Decisions and reveals open their audit log rows.' : ''}
      </Muted>
    </>
  );
}
