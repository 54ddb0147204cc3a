'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TeamStats } from '@/lib/team/stats-types';

/** Mid-tone colours that read on the light and the dark background alike. */
const COLOUR = { ok: '#10b981', flagged: '#ef4444', escalated: '#f59e0b', revealed: '#0ea5e9', tier3: '#b91c1c' };
const axis = { tick: { fill: 'currentColor', fontSize: 11 }, stroke: 'currentColor', strokeOpacity: 0.4 };

/**
 * Where a lead would rather look than read: each reviewer's decisions split by verdict, and reveals per day with
 * tier 3 stacked apart. The tables below hold the same numbers (and screen readers read those).
 */
export function TeamCharts({ stats }: { stats: TeamStats }) {
  const decisions = stats.reviewers.map((reviewer) => ({ name: reviewer.name, ok: reviewer.ok, flagged: reviewer.flagged, escalated: reviewer.escalated }));
  const byDay = new Map<string, { day: string; revealed: number; tier3: number }>();
  for (const row of stats.reveals) {
    const day = byDay.get(row.day) ?? { day: row.day, revealed: 0, tier3: 0 };
    day.revealed += row.revealed;
    day.tier3 += row.tier3;
    byDay.set(row.day, day);
  }
  const reveals = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  return (
    <section aria-hidden className="grid gap-3 text-zinc-700 lg:grid-cols-2 dark:text-zinc-300" data-testid="team-charts">
      <figure className="h-64">
        <figcaption className="text-xs font-medium">Decisions per reviewer</figcaption>
        <ResponsiveContainer width="100%" height="90%">
          <BarChart data={decisions} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="name" {...axis} interval={0} />
            <YAxis allowDecimals={false} {...axis} width={40} />
            <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="ok" name="OK" stackId="verdict" fill={COLOUR.ok} isAnimationActive={false} />
            <Bar dataKey="flagged" name="Flagged" stackId="verdict" fill={COLOUR.flagged} isAnimationActive={false} />
            <Bar dataKey="escalated" name="Escalated" stackId="verdict" fill={COLOUR.escalated} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="h-64">
        <figcaption className="text-xs font-medium">Reveals per day (UTC), tier 3 apart</figcaption>
        <ResponsiveContainer width="100%" height="90%">
          <BarChart data={reveals} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="day" {...axis} />
            <YAxis allowDecimals={false} {...axis} width={40} />
            <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="revealed" name="Tier 1–2" stackId="tier" fill={COLOUR.revealed} isAnimationActive={false} />
            <Bar dataKey="tier3" name="Tier 3" stackId="tier" fill={COLOUR.tier3} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </section>
  );
}
