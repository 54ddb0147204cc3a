/**
 * The windows the risk overview can look back over. Plain TypeScript: the route validates `window` with the list, the
 * page's switcher (nuqs) offers it, and the read model turns it into a start time.
 */
export const OVERVIEW_WINDOWS = ['24h', '7d', '30d'] as const;
export type OverviewWindow = (typeof OVERVIEW_WINDOWS)[number];

const HOUR_MS = 3_600_000;
const WINDOW_MS: Record<OverviewWindow, number> = { '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };

export const OVERVIEW_WINDOW_LABELS: Record<OverviewWindow, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };

/** The window's first instant (inclusive), counted back from `now`. */
export function windowStart(window: OverviewWindow, now: Date): Date {
  return new Date(now.getTime() - WINDOW_MS[window]);
}
