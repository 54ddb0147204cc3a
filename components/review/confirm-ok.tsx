'use client';

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Kbd } from '@/components/ui/kbd';
import { Muted } from '@/components/ui/muted';
import type { MediaGateView } from '@/lib/media/api';
import { describeFailure } from '@/lib/queries/api-error';
import { describeOkWarning, okNeedsConfirmation, type OkWarning } from '@/lib/review/ok-guard';

/**
 * "Mark OK?" when an output scores near or above: names the worst score. The confirm button takes the focus, so
 * Enter confirms; Escape (the native dialog) cancels.
 */
export function ConfirmOk({ warning, onConfirm, onCancel }: { warning: OkWarning | null; onConfirm: () => void; onCancel: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  const open = warning !== null;
  useEffect(() => {
    // After showModal has placed its own focus.
    if (!open) return;
    const focus = setTimeout(() => confirm.current?.focus(), 0);
    return () => clearTimeout(focus);
  }, [open]);
  return (
    <Dialog open={warning !== null} onClose={onCancel} title="Mark this workflow OK?">
      <div className="space-y-4 text-sm" data-testid="confirm-ok">
        <p>{warning ? describeOkWarning(warning) : null}</p>
        <Muted>
          <Kbd>Enter</Kbd> marks it OK anyway, <Kbd>Esc</Kbd> goes back to the evidence.
        </Muted>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onCancel}>
            Back
          </Button>
          <Button ref={confirm} variant="danger" onClick={onConfirm}>
            Mark OK
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/**
 * OK with a second look: reads the outputs' gates (fetched when not loaded yet: never an unchecked OK), and either
 * decides at once or opens the confirmation naming the worst score.
 */
export function useConfirmedOk(
  readGates: () => Promise<readonly Pick<MediaGateView, 'blobId' | 'band' | 'csamPercent'>[]>,
  decideOk: () => void,
  onFailure: (message: string) => void,
): { chooseOk: () => Promise<void>; dialog: ReactNode } {
  const [warning, setWarning] = useState<OkWarning | null>(null);
  const chooseOk = useCallback(async () => {
    let gates;
    try {
      gates = await readGates();
    } catch (error) {
      onFailure(`Not marked OK: the outputs' scores could not be read (${describeFailure(error).title})`);
      return;
    }
    const found = okNeedsConfirmation(gates);
    if (found) setWarning(found);
    else decideOk();
  }, [decideOk, onFailure, readGates]);
  const dialog = (
    <ConfirmOk
      warning={warning}
      onCancel={() => setWarning(null)}
      onConfirm={() => {
        setWarning(null);
        decideOk();
      }}
    />
  );
  return { chooseOk, dialog };
}
