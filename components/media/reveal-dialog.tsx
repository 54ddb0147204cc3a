'use client';

import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { textAreaClassName } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Muted } from '@/components/ui/muted';
import type { MediaGateView } from '@/lib/media/api';
import { describeFailure } from '@/lib/queries/api-error';
import { TIER_LOOK } from './gate-look';

const REASON_MAX = 2_000;

/**
 * Asks for the typed reason a reveal of gated media needs, and says what the reveal does before it happens: the
 * audit row first, then pixels for this reviewer only, for a few minutes. A failure keeps the dialog open with the
 * gate's answer (wrong role, reason too short, audit log down: nothing revealed).
 */
export function RevealDialog({
  gate,
  onClose,
  onReveal,
}: {
  gate: MediaGateView | null;
  onClose: () => void;
  onReveal: (reason: string) => Promise<void>;
}) {
  return (
    <Dialog open={gate !== null} onClose={onClose} title={gate?.tier === 3 ? 'Reveal hard-gated media' : 'Reveal gated media'}>
      {gate ? <RevealForm gate={gate} onCancel={onClose} onReveal={onReveal} /> : null}
    </Dialog>
  );
}

function RevealForm({ gate, onCancel, onReveal }: { gate: MediaGateView; onCancel: () => void; onReveal: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const reasonId = useId();
  const hintId = useId();
  const typed = reason.trim().length;
  const minutes = Math.max(1, Math.round(gate.grantSeconds / 60));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRunning(true);
    setFailure(null);
    try {
      await onReveal(reason.trim());
    } catch (error) {
      setFailure(describeFailure(error).title);
      setRunning(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4 text-sm">
      <div className="space-y-2 text-zinc-700 dark:text-zinc-300">
        <p>
          Output <span className="font-mono break-all">{gate.blobId}</span> is <strong>{TIER_LOOK[gate.tier].name}</strong>
          {gate.reasons[0] ? `: ${gate.reasons[0]}.` : '.'}
        </p>
        <p>
          Before any pixel loads, your name, the time and this reason are written to the audit log. The reveal is for you
          only and ends after {minutes} minute{minutes === 1 ? '' : 's'}
          {gate.tier === 3 ? '; then the hard gate closes again.' : '.'}
        </p>
      </div>
      <div className="space-y-1">
        <Label htmlFor={reasonId}>Why do you need to see it?</Label>
        <textarea
          id={reasonId}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-describedby={hintId}
          minLength={gate.minReasonLength}
          maxLength={REASON_MAX}
          required
          rows={3}
          autoFocus
          className={textAreaClassName}
        />
        <Muted size="xs" id={hintId}>
          At least {gate.minReasonLength} characters ({Math.min(typed, gate.minReasonLength)}/{gate.minReasonLength}).
        </Muted>
      </div>
      {failure ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900 dark:bg-red-950/50 dark:text-red-100">
          {failure}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={running}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" disabled={running || typed < gate.minReasonLength} aria-busy={running}>
          {running ? 'Recording…' : 'Record reason and reveal'}
        </Button>
      </div>
    </form>
  );
}
