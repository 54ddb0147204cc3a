'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Kbd } from '@/components/ui/kbd';
import { describeOkWarning, type OkWarning } from '@/lib/review/ok-guard';

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
        <p className="text-zinc-600 dark:text-zinc-400">
          <Kbd>Enter</Kbd> marks it OK anyway, <Kbd>Esc</Kbd> goes back to the evidence.
        </p>
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
