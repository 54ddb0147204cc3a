'use client';

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CsamThresholds, ScoreBand } from '@/lib/moderation/scan';
import type { HistogramBin } from '@/lib/users/risk';

/** Mid-tone colours that read on the light and the dark background alike. */
const BAND_COLOUR: Record<ScoreBand, string> = { below: '#10b981', near: '#f59e0b', above: '#ef4444', unknown: '#a1a1aa' };

interface Datum {
  label: string;
  count: number;
  band: ScoreBand;
}

/**
 * Outputs per CSAM score range, each bar coloured by its band; unreadable scores get their own bar so missing data
 * is never hidden. A table with the same numbers follows the chart for screen readers.
 */
export function CsamHistogram({ bins, unknown, thresholds }: { bins: HistogramBin[]; unknown: number; thresholds: CsamThresholds }) {
  const data: Datum[] = [...bins.map((bin) => ({ label: bin.label, count: bin.count, band: bin.band })), { label: 'unreadable', count: unknown, band: 'unknown' }];
  return (
    <figure className="space-y-2 text-zinc-700 dark:text-zinc-300" data-testid="csam-histogram">
      <div aria-hidden className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} interval={0} />
            <YAxis allowDecimals={false} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} width={40} />
            <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} content={<HistogramTooltip />} />
            <Bar dataKey="count" isAnimationActive={false}>
              {data.map((datum) => (
                <Cell key={datum.label} fill={BAND_COLOUR[datum.band]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs">
        Outputs per CSAM score range. Green below {thresholds.near} %, amber near (from {thresholds.near} %), red above (from {thresholds.above} %),
        grey unreadable.
      </figcaption>
      <table className="sr-only">
        <caption>CSAM score histogram</caption>
        <thead>
          <tr>
            <th scope="col">Score range</th>
            <th scope="col">Band</th>
            <th scope="col">Outputs</th>
          </tr>
        </thead>
        <tbody>
          {data.map((datum) => (
            <tr key={datum.label}>
              <td>{datum.label}</td>
              <td>{datum.band}</td>
              <td>{datum.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function HistogramTooltip({ active, payload }: { active?: boolean; payload?: { payload: Datum }[] }) {
  const datum = active ? payload?.[0]?.payload : undefined;
  if (!datum) return null;
  return (
    <div className="rounded border border-zinc-200 bg-white px-2 py-1 text-xs text-zinc-900 shadow dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
      {datum.label}: {datum.count} outputs ({datum.band})
    </div>
  );
}
