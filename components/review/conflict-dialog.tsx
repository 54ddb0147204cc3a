'use client';

import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { DECISION_LABELS } from '@/lib/review/decision';
import type { DecisionInput } from '@/lib/queries/review';
import type { DecisionRecord } from '@/lib/review/history';
import type { ReasonCode } from '@/lib/review/reason-codes';
import { DecisionSummary } from './decision-text';

export type Conflict = { input: DecisionInput; current: DecisionRecord | null };

/** Someone decided first: show what they decided, and let the moderator keep it or put their own in its place. */
export function ConflictDialog({
  conflict,
  reasonCodes,
  busy,
  onKeep,
  onOverwrite,
}: {
  conflict: Conflict | null;
  reasonCodes: readonly ReasonCode[];
  busy: boolean;
  onKeep: () => void;
  onOverwrite: () => void;
}) {
  return (
    <Dialog open={conflict !== null} onClose={onKeep} title="Someone decided first">
      {conflict ? (
        <div className="space-y-4 text-sm" data-testid="decision-conflict">
          <p>
            While you looked at <span className="font-mono break-all">{conflict.input.workflowId}</span>
            {conflict.input.blobId ? (
              <>
                {' '}
                (output <span className="font-mono">{conflict.input.blobId}</span>)
              </>
            ) : null}
            , another decision was recorded:
          </p>
          <p className="rounded-md bg-zinc-100 px-3 py-2 dark:bg-zinc-800">
            {conflict.current ? <DecisionSummary decision={conflict.current} reasonCodes={reasonCodes} /> : 'The item changed since you opened it.'}
          </p>
          <p>
            Yours would be <strong>{DECISION_LABELS[conflict.input.kind]}</strong>. Keep theirs, or overwrite it with yours (both stay in the
            history).
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onKeep} disabled={busy}>
              Keep theirs
            </Button>
            <Button onClick={onOverwrite} disabled={busy} aria-busy={busy}>
              {busy ? 'Overwriting…' : 'Overwrite with mine'}
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
