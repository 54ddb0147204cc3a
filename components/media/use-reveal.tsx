'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { MediaGateView } from '@/lib/media/api';
import { describeFailure } from '@/lib/queries/api-error';
import { revealThroughGate } from '@/lib/queries/media';
import { REVEAL_NEEDS } from './gate-look';
import { RevealDialog } from './reveal-dialog';
import { useRevealed } from './use-revealed';

export interface RevealNotice {
  blobId: string;
  message: string;
}

/**
 * A reveal from a tile or the lightbox: a tier that needs a reason opens the reason dialog, a plain click reveal
 * goes straight to the gate. Only after the gate answered with a grant (its audit row already written) does the
 * cached gate say "revealed", which is what makes a tile ask for the full bytes.
 */
export function useReveal(workflowId: string | null) {
  const queryClient = useQueryClient();
  const revealed = useRevealed();
  const [asking, setAsking] = useState<MediaGateView | null>(null);
  const [notice, setNotice] = useState<RevealNotice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const reveal = useCallback(
    async (gate: MediaGateView, reason?: string) => {
      if (workflowId === null) throw new Error('no workflow');
      await revealThroughGate(queryClient, gate.blobId, workflowId, reason);
      revealed(gate.blobId);
    },
    [queryClient, revealed, workflowId],
  );

  const start = useCallback(
    (gate: MediaGateView) => {
      setNotice(null);
      if (!gate.canReveal) {
        setNotice({ blobId: gate.blobId, message: gate.available ? REVEAL_NEEDS[gate.tier] : 'Unavailable upstream: nothing to reveal.' });
        return;
      }
      if (gate.reasonRequired) {
        setAsking(gate);
        return;
      }
      setBusy(gate.blobId);
      reveal(gate)
        .catch((error: unknown) => setNotice({ blobId: gate.blobId, message: describeFailure(error).title }))
        .finally(() => setBusy(null));
    },
    [reveal],
  );

  const dialog = (
    <RevealDialog
      gate={asking}
      onClose={() => setAsking(null)}
      onReveal={async (reason) => {
        await reveal(asking!, reason);
        setAsking(null);
      }}
    />
  );

  return { start, dialog, notice, busy };
}
