import { Badge, type BadgeProps } from '@/components/ui/badge';
import type { ListRisk, ListRiskBand } from '@/lib/moderation/read-model';

const LOOK: Record<ListRiskBand, { tone: BadgeProps['tone']; label: string; title: string }> = {
  above: { tone: 'danger', label: 'above', title: 'An output scored at or above the hard-gate threshold' },
  unscanned: { tone: 'danger', label: 'scan unknown', title: 'An output has no readable CSAM score: never treated as safe' },
  near: { tone: 'warning', label: 'near', title: 'An output scored near the threshold' },
  below: { tone: 'success', label: 'below', title: 'Every output scored below the thresholds' },
  pending: { tone: 'neutral', label: 'not indexed', title: 'The risk index has not read this workflow yet' },
};

/** A workflow's worst CSAM band and score as the risk index holds it. */
export function RiskBadge({ risk }: { risk: ListRisk }) {
  const { tone, label, title } = LOOK[risk.band];
  return (
    <span className="flex min-w-0 items-center gap-1" data-risk-band={risk.band}>
      <Badge tone={tone} title={title}>
        <span className="sr-only">CSAM risk </span>
        {label}
      </Badge>
      {risk.csamPercent === null ? null : <span className="font-mono text-xs tabular-nums">{risk.csamPercent.toFixed(2)} %</span>}
    </span>
  );
}
