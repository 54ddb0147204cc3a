'use client';

import { Eye, Timer } from 'lucide-react';
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { mutedVariants } from '@/components/ui/muted';
import type { MediaGateView } from '@/lib/media/api';
import { cn } from '@/lib/utils';
import { formatCountdown, REVEAL_NEEDS } from './gate-look';
import type { RevealNotice } from './use-reveal';

function whatRevealDoes(gate: MediaGateView): string {
  const minutes = Math.max(1, Math.round(gate.grantSeconds / 60));
  if (gate.tier === 3) return `Senior only: a typed reason, audited; ${minutes} min, then it closes again.`;
  if (gate.reasonRequired) return `Needs a typed reason, recorded in the audit log; lasts ${minutes} min.`;
  return `Shows it to you for ${minutes} min; recorded in the audit log.`;
}

/**
 * The reveal button of a gated output, with what it will do, or (disabled) why this reviewer cannot. Nothing for
 * tier 0, unavailable media, or while a reveal is live.
 */
export function RevealControl({
  gate,
  fullBytes,
  busy,
  notice,
  onReveal,
  className,
}: {
  gate: MediaGateView;
  fullBytes: boolean;
  busy: boolean;
  notice: RevealNotice | null;
  onReveal: (gate: MediaGateView) => void;
  className?: string;
}) {
  const hintId = useId();
  if (!gate.available || gate.fullBytesWithoutGrant || fullBytes) return null;
  return (
    <div className={cn('space-y-1', className)}>
      <Button
        size="sm"
        variant={gate.tier >= 2 ? 'danger' : 'secondary'}
        disabled={!gate.canReveal || busy}
        aria-describedby={hintId}
        aria-busy={busy}
        onClick={() => onReveal(gate)}
        data-reveal={gate.blobId}
      >
        <Eye aria-hidden className="size-4" />
        {busy ? 'Revealing…' : gate.reasonRequired ? 'Reveal…' : 'Reveal'}
      </Button>
      <p id={hintId} className={cn('text-[11px]', gate.canReveal ? mutedVariants() : 'font-medium text-red-800 dark:text-red-300')}>
        {gate.canReveal ? whatRevealDoes(gate) : REVEAL_NEEDS[gate.tier]}
      </p>
      {notice?.blobId === gate.blobId ? (
        <p role="alert" className="text-[11px] font-medium text-red-800 dark:text-red-300">
          {notice.message}
        </p>
      ) : null}
    </div>
  );
}

/** How long a live reveal has left; the pixels go when it reaches zero. */
export function RevealCountdown({ secondsLeft, className }: { secondsLeft: number; className?: string }) {
  return (
    <span
      role="timer"
      aria-label={`Revealed to you: ${formatCountdown(secondsLeft)} left`}
      className={cn('inline-flex items-center gap-1 rounded bg-sky-800 px-1.5 py-0.5 text-[11px] font-semibold text-white tabular-nums shadow', className)}
    >
      <Timer aria-hidden className="size-3" />
      Revealed · {formatCountdown(secondsLeft)}
    </span>
  );
}
