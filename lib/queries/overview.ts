import { queryOptions } from '@tanstack/react-query';
import { createLoader, parseAsStringLiteral } from 'nuqs/server';
import type { RiskOverview } from '@/lib/risk-index/overview';
import { OVERVIEW_WINDOWS, type OverviewWindow } from '@/lib/risk-index/overview-window';
import { apiPath, fetchJson } from './fetch-json';
import { queryKeys } from './keys';

/** The overview's window in the address (`/?window=7d`), read the same way by the server page and the browser. */
export const overviewParsers = { window: parseAsStringLiteral(OVERVIEW_WINDOWS).withDefault('24h') };
export const loadOverviewParams = createLoader(overviewParsers);

export const overviewQueries = {
  window: (window: OverviewWindow) =>
    queryOptions({
      queryKey: queryKeys.overview(window),
      queryFn: ({ signal }) => fetchJson<RiskOverview>(apiPath('/api/overview', { window }), signal),
      // The index moves every few seconds; a landing page left open keeps up without a reload.
      refetchInterval: 30_000,
    }),
};
