import { queryOptions } from '@tanstack/react-query';
import { createLoader, parseAsStringLiteral } from 'nuqs/server';
import { OVERVIEW_WINDOWS, type OverviewWindow } from '@/lib/risk-index/overview-window';
import type { TeamStats } from '@/lib/team/stats-types';
import { apiPath, fetchJson, sendJson } from './fetch-json';
import { queryKeys } from './keys';

/** The leads' view window in the address (`/team?window=7d`), read the same way by the server page and the browser. */
export const teamParsers = { window: parseAsStringLiteral(OVERVIEW_WINDOWS).withDefault('24h') };
export const loadTeamParams = createLoader(teamParsers);

export const teamQueries = {
  stats: (window: OverviewWindow) =>
    queryOptions({
      queryKey: queryKeys.teamStats(window),
      queryFn: ({ signal }) => fetchJson<TeamStats>(apiPath('/api/stats', { window }), signal),
      refetchInterval: 30_000,
    }),
};

/** A senior allows a reviewer at REVEAL_DAILY_CAP `extra` more tier-2/3 reveals today (audited). */
export const approveExposure = (userId: string, extra: number, reason: string) =>
  sendJson<{ allowance: { revealed: number; allowed: number } | null }>('POST', '/api/exposure/approvals', { userId, extra, reason });
