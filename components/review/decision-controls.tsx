'use client';

import { Button } from '@/components/ui/button';
import { Kbd } from '@/components/ui/kbd';
import type { DecisionKind } from '@/lib/review/decision';

/** The three verdicts as buttons, with the queue's keys shown beside them. */
export function DecisionControls({ onChoose, disabled, showKeys }: { onChoose: (kind: DecisionKind) => void; disabled?: boolean; showKeys?: boolean }) {
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label="Decide">
      <Button variant="secondary" onClick={() => onChoose('ok')} disabled={disabled}>
        {showKeys ? <Kbd>1</Kbd> : null} OK
      </Button>
      <Button variant="danger" onClick={() => onChoose('flagged')} disabled={disabled}>
        {showKeys ? <Kbd>2</Kbd> : null} Flag…
      </Button>
      <Button variant="secondary" onClick={() => onChoose('escalated')} disabled={disabled}>
        {showKeys ? <Kbd>3</Kbd> : null} Escalate to senior
      </Button>
    </div>
  );
}
