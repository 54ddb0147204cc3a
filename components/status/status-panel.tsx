'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Fact, Facts, Missing } from '@/components/ui/facts';
import { Muted } from '@/components/ui/muted';
import { LoadingRegion, Skeleton } from '@/components/ui/skeleton';
import { QueryErrorState } from '@/components/ui/query-error-state';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { statusQueries } from '@/lib/queries/status';

const TOKEN_CLASS: Record<string, string> = {
  service: 'service token (manager endpoints allowed)',
  user: 'user token (own workflows only)',
  none: 'no token configured',
  unknown: 'could not be determined',
};

/** Upstream health, re-checked every 15 seconds while the screen is open. */
export function StatusPanel({ version }: { version: string }) {
  const status = useQuery({ ...statusQueries.upstream(), refetchInterval: 15_000 });
  if (status.isPending) {
    return (
      <LoadingRegion label="Checking the Orchestration API…">
        <Skeleton className="h-64 w-full" />
      </LoadingRegion>
    );
  }
  if (status.isError && !status.data) {
    return <QueryErrorState what="the upstream status" error={status.error} onRetry={() => void status.refetch()} retrying={status.isFetching} />;
  }
  const data = status.data;
  const breakerTone = data.breaker.state === 'closed' ? 'success' : data.breaker.state === 'open' ? 'danger' : 'warning';
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card className="space-y-3">
        <h2 className="font-semibold">Orchestration API</h2>
        <Facts>
          <Fact label="Reachable">
            <Badge tone={data.reachable ? 'success' : 'danger'}>{data.reachable ? 'yes' : 'no'}</Badge>
            {data.problem ? (
              <span className="ml-2 text-sm">
                <VisibleText text={data.problem} />
              </span>
            ) : null}
          </Fact>
          <Fact label="Latency">{data.latencyMs === null ? <Missing label="—" /> : `${data.latencyMs} ms`}</Fact>
          <Fact label="Circuit breaker">
            <Badge tone={breakerTone}>{data.breaker.state.replace('_', ' ')}</Badge>
            <Muted as="span" size="sm" className="ml-2">
              {Math.round(data.breaker.recentFailureRatio * 100)} % of recent calls failed
              {data.breaker.state === 'open' ? `; next probe in ${data.breaker.retryAfterSeconds} s` : ''}
            </Muted>
          </Fact>
          <Fact label="Calls in flight">
            {data.load.inFlight} ({data.load.waiting} waiting)
          </Fact>
          <Fact label="Upstream">{data.upstreamKind === 'emulator' ? 'the embedded emulator' : 'the real Civitai API'}</Fact>
          <Fact label="Token class">{TOKEN_CLASS[data.tokenClass] ?? data.tokenClass}</Fact>
          <Fact label="Checked">
            <UtcTime value={data.checkedAt} />
          </Fact>
        </Facts>
        <Button variant="secondary" size="sm" onClick={() => void status.refetch()} disabled={status.isFetching}>
          {status.isFetching ? 'Checking…' : 'Check again'}
        </Button>
      </Card>
      <Card className="space-y-3">
        <h2 className="font-semibold">This console</h2>
        <Facts>
          <Fact label="Database">{data.databaseKind ?? <Missing />}</Fact>
          <Fact label="Risk index">
            {!data.index ? (
              <Missing />
            ) : (
              <span className="text-sm">
                {data.index.enabled ? '' : 'indexer off in this process; '}
                {data.index.workflows} workflows, {data.index.outputs} outputs; backfill {data.index.backfillDone ? 'done' : 'running'};
                follower {data.index.followerLagSeconds === null ? 'not polled yet' : `${data.index.followerLagSeconds} s behind`}
                {data.index.lastError ? (
                  <>
                    ; last error: <VisibleText text={data.index.lastError} />
                  </>
                ) : null}
              </span>
            )}
          </Fact>
          <Fact label="Version">{version}</Fact>
        </Facts>
      </Card>
    </div>
  );
}
