'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Label } from '@/components/ui/label';
import { describeFailure } from '@/lib/queries/api-error';
import { textAreaClassName } from '@/components/ui/input';

type Phase = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; message: string } | { kind: 'failed'; message: string };

/**
 * Confirmation for an upstream action: says what will happen, optionally takes a reason, shows progress while it
 * runs, then the outcome in words (a failure keeps the dialog open so the moderator can read it and retry).
 */
export function ActionDialog({
  open,
  onClose,
  title,
  children,
  confirmLabel,
  busyLabel,
  danger = false,
  reason,
  run,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  danger?: boolean;
  reason?: { label: string; required: boolean; maxLength: number };
  /** Performs the action; resolves with the sentence to show on success. */
  run: (reason: string) => Promise<string>;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [text, setText] = useState('');
  const reasonId = useId();

  function close() {
    if (phase.kind === 'running') return;
    setPhase({ kind: 'idle' });
    setText('');
    onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPhase({ kind: 'running' });
    try {
      setPhase({ kind: 'done', message: await run(text.trim()) });
    } catch (error) {
      setPhase({ kind: 'failed', message: describeFailure(error).title });
    }
  }

  const blocked = reason?.required === true && text.trim() === '';
  return (
    <Dialog open={open} onClose={close} title={title}>
      {phase.kind === 'done' ? (
        <div className="space-y-4">
          <p role="status" className="text-sm">
            {phase.message}
          </p>
          <div className="flex justify-end">
            <Button onClick={close}>Close</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4">
          <div className="text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
          {reason ? (
            <div className="space-y-1">
              <Label htmlFor={reasonId}>{reason.label}</Label>
              <textarea
                id={reasonId}
                value={text}
                onChange={(event) => setText(event.target.value)}
                maxLength={reason.maxLength}
                required={reason.required}
                rows={3}
                className={textAreaClassName}
              />
            </div>
          ) : null}
          {phase.kind === 'failed' ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950/50 dark:text-red-100">
              {phase.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close} disabled={phase.kind === 'running'}>
              Back
            </Button>
            <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={blocked || phase.kind === 'running'} aria-busy={phase.kind === 'running'}>
              {phase.kind === 'running' ? busyLabel : phase.kind === 'failed' ? `Try again: ${confirmLabel}` : confirmLabel}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
