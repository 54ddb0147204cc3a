import type { CsamScores, CsamThresholds } from '@/lib/moderation/scan';
import { Missing } from '@/components/ui/facts';
import { Muted } from '@/components/ui/muted';
import { VisibleText } from '@/components/ui/visible-text';
import { ScoreBandBadge } from './score-band-badge';

/**
 * hive_csam_score per output, each drawn against the configured thresholds: the track shows the three bands
 * (below / near / above), the bar the score, with the wire token beside it. Drawn in SVG attributes, not inline
 * styles, because the strict CSP forbids style attributes in server-rendered HTML.
 */
export function CsamScoreBars({
  scores,
  thresholds,
  outputLabels = [],
}: {
  scores: CsamScores;
  thresholds: CsamThresholds;
  /** Blob id per output, in wire order, when known. */
  outputLabels?: readonly (string | null | undefined)[];
}) {
  if (scores.raw === null) {
    return (
      <p className="text-sm">
        <ScoreBandBadge band="unknown" /> <Missing label="No hive_csam_score in the scan context: treated as unknown, never as safe." />
      </p>
    );
  }
  const tokens = scores.raw.split(',').map((token) => token.trim());
  return (
    <div className="space-y-2">
      <Muted size="xs">
        Bands: below &lt; {thresholds.near} % ≤ near &lt; {thresholds.above} % ≤ above. Raw value:{' '}
        <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">
          <VisibleText text={scores.raw} />
        </code>
      </Muted>
      <ul className="space-y-2" aria-label="CSAM score per output">
        {scores.bands.map((band, index) => {
          const value = scores.values[index] ?? null;
          const label = outputLabels[index] ?? `Output ${index + 1}`;
          return (
            <li key={index} data-band={band} className="grid grid-cols-[minmax(8rem,16rem)_1fr_auto] items-center gap-3">
              <span className="truncate font-mono text-xs" title={label}>
                {label}
              </span>
              <ScoreTrack value={value} band={band} thresholds={thresholds} label={label} />
              <span className="flex items-center gap-2 text-xs">
                <code className="font-mono whitespace-nowrap">
                  <VisibleText text={tokens[index] ?? ''} />
                </code>
                <ScoreBandBadge band={band} />
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

const BAR_FILL: Record<string, string> = {
  below: 'fill-emerald-700 dark:fill-emerald-400',
  near: 'fill-amber-600 dark:fill-amber-400',
  above: 'fill-red-700 dark:fill-red-400',
  unknown: 'fill-zinc-500',
};

/** One score on the three-band track, with both thresholds drawn. */
export function ScoreTrack({
  value,
  band,
  thresholds,
  label,
}: {
  value: number | null;
  band: string;
  thresholds: CsamThresholds;
  label: string;
}) {
  const description =
    value === null
      ? `${label}: score unreadable, band unknown`
      : `${label}: ${value.toFixed(2)} %, band ${band} (near from ${thresholds.near} %, above from ${thresholds.above} %)`;
  // A score too small to see still gets a sliver, so "0.01 %" is visibly not "missing".
  const width = value === null ? 0 : Math.max(value, 0.6);
  return (
    <svg role="img" aria-label={description} viewBox="0 0 100 10" preserveAspectRatio="none" className="h-4 w-full">
      <rect x="0" y="2" width={thresholds.near} height="6" className="fill-emerald-100 dark:fill-emerald-900/60" />
      <rect x={thresholds.near} y="2" width={thresholds.above - thresholds.near} height="6" className="fill-amber-100 dark:fill-amber-800/60" />
      <rect x={thresholds.above} y="2" width={100 - thresholds.above} height="6" className="fill-red-100 dark:fill-red-900/70" />
      {value === null ? (
        <rect x="0" y="2" width="100" height="6" className="fill-none stroke-zinc-500" strokeDasharray="2 1" vectorEffect="non-scaling-stroke" />
      ) : (
        <rect x="0" y="3.5" width={width} height="3" className={BAR_FILL[band]} />
      )}
      <line x1={thresholds.near} x2={thresholds.near} y1="0" y2="10" className="stroke-amber-700 dark:stroke-amber-300" vectorEffect="non-scaling-stroke" />
      <line x1={thresholds.above} x2={thresholds.above} y1="0" y2="10" className="stroke-red-700 dark:stroke-red-300" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
