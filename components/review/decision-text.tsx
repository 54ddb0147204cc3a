import { Badge, type BadgeProps } from '@/components/ui/badge';
import { Muted } from '@/components/ui/muted';
import { formatUtc } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { DECISION_LABELS, type DecisionKind } from '@/lib/review/decision';
import type { DecisionRecord } from '@/lib/review/history';
import { reasonLabel, type ReasonCode } from '@/lib/review/reason-label';

const TONE: Record<DecisionKind, BadgeProps['tone']> = { ok: 'success', flagged: 'danger', escalated: 'warning' };

export function DecisionBadge({ kind }: { kind: DecisionKind | null }) {
  return kind ? <Badge tone={TONE[kind]}>{DECISION_LABELS[kind]}</Badge> : <Badge>Not reviewed</Badge>;
}

/** "Flagged (Violence) by Alice, 2026-03-01 10:00:00 UTC — note". */
export function DecisionSummary({ decision, reasonCodes }: { decision: DecisionRecord; reasonCodes: readonly ReasonCode[] }) {
  const reason = reasonLabel(reasonCodes, decision.reasonCode);
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {decision.action === 'undo' ? <span>Undo, back to</span> : null}
      <DecisionBadge kind={decision.kind} />
      {reason ? <span>({reason})</span> : null}
      <span>
        by <VisibleText text={decision.decidedBy.name} /> ({decision.decidedBy.role}), {formatUtc(decision.decidedAt)}
      </span>
      {decision.note ? (
        <Muted as="span">
          — <VisibleText text={decision.note} />
        </Muted>
      ) : null}
    </span>
  );
}
