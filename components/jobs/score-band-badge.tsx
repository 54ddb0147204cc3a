import { Badge, type BadgeProps } from '@/components/ui/badge';
import type { ScoreBand } from '@/lib/moderation/scan';

const BAND: Record<ScoreBand, { tone: BadgeProps['tone']; label: string }> = {
  below: { tone: 'success', label: 'below' },
  near: { tone: 'warning', label: 'near' },
  above: { tone: 'danger', label: 'above' },
  // Missing or unreadable scan data is never shown as safe.
  unknown: { tone: 'danger', label: 'unknown' },
};

/** The CSAM score band of a job or output, with "CSAM" in its accessible name so a lone word is never ambiguous. */
export function ScoreBandBadge({ band, className }: { band: ScoreBand; className?: string }) {
  const { tone, label } = BAND[band];
  return (
    <Badge tone={tone} className={className} title={`CSAM score band: ${label}`}>
      <span className="sr-only">CSAM band </span>
      {label === 'unknown' ? 'scan unknown' : label}
    </Badge>
  );
}
