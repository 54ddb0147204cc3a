import { ScoreBandBadge } from '@/components/jobs/score-band-badge';
import { Muted } from '@/components/ui/muted';
import type { ScoreBand } from '@/lib/moderation/scan';

/**
 * One output's own CSAM score and band (never its job's worst, unless the job's scores could not be matched to its
 * outputs: then "job-wide" says so).
 */
export function OwnScore({ band, percent, jobWide = false }: { band: ScoreBand; percent: number | null; jobWide?: boolean }) {
  return (
    <p className="flex flex-wrap items-center gap-1" data-own-csam={percent ?? ''}>
      <ScoreBandBadge band={band} />
      <span className="font-mono tabular-nums">{percent === null ? 'CSAM score unreadable' : `CSAM ${percent.toFixed(2)} %`}</span>
      {jobWide ? <Muted as="span">(job-wide)</Muted> : null}
    </p>
  );
}
