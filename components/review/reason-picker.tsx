'use client';

import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { textAreaClassName } from '@/components/ui/input';
import { Kbd } from '@/components/ui/kbd';
import { Label } from '@/components/ui/label';
import { Muted } from '@/components/ui/muted';
import { MAX_NOTE_LENGTH, type DecisionKind } from '@/lib/review/decision';
import type { ReasonCode } from '@/lib/review/reason-codes';
import { cn } from '@/lib/utils';

/**
 * Why something is flagged: a digit picks a reason, Enter confirms, an optional note explains. Opened by `2` in the
 * queue, or the Flag button.
 */
export function ReasonPicker({
  open,
  reasonCodes,
  onCancel,
  onPick,
}: {
  open: boolean;
  reasonCodes: readonly ReasonCode[];
  onCancel: () => void;
  onPick: (reasonCode: string, note: string | null) => void;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const name = useId();
  const noteId = useId();

  const fieldset = useRef<HTMLFieldSetElement>(null);

  function reset() {
    setPicked(null);
    setNote('');
  }

  function pick(reasonCode: string) {
    onPick(reasonCode, note.trim() || null);
    reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (picked) pick(picked);
  }

  // The keys work wherever focus is in the dialog (showModal puts it on the close button): a digit picks a reason,
  // Enter flags with it. Typing a note is left alone.
  useEffect(() => {
    if (!open) return;
    const focusFirst = setTimeout(() => fieldset.current?.querySelector<HTMLInputElement>('input')?.focus(), 0);
    function onKeyDown(event: KeyboardEvent) {
      if (event.target instanceof HTMLTextAreaElement) return;
      const reason = /^[1-9]$/.test(event.key) ? reasonCodes[Number(event.key) - 1] : undefined;
      if (reason) {
        event.preventDefault();
        setPicked(reason.code);
      } else if (event.key === 'Enter' && picked) {
        event.preventDefault();
        event.stopPropagation();
        pick(picked);
      }
    }
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      clearTimeout(focusFirst);
      document.removeEventListener('keydown', onKeyDown, true);
    };
  });

  return (
    <Dialog
      open={open}
      onClose={() => {
        reset();
        onCancel();
      }}
      title="Flag: pick a reason"
    >
      <form onSubmit={submit} className="space-y-4">
        <fieldset ref={fieldset} className="space-y-1">
          <legend className="mb-1 text-sm">Reason (press its number, then Enter)</legend>
          {reasonCodes.map((reason, index) => (
            <label
              key={reason.code}
              className={cn(
                'flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm',
                picked === reason.code ? 'border-sky-600 bg-sky-50 dark:bg-sky-950/50' : 'border-zinc-200 dark:border-zinc-700',
              )}
            >
              <input
                type="radio"
                name={name}
                value={reason.code}
                checked={picked === reason.code}
                onChange={() => setPicked(reason.code)}
              />
              {index < 9 ? <Kbd>{index + 1}</Kbd> : null}
              <span>{reason.label}</span>
            </label>
          ))}
        </fieldset>
        <div className="space-y-1">
          <Label htmlFor={noteId}>Note (optional)</Label>
          <textarea
            id={noteId}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            maxLength={MAX_NOTE_LENGTH}
            rows={2}
            className={textAreaClassName}
          />
        </div>
        <div className="flex justify-end gap-2">
          <Button
            variant="secondary"
            onClick={() => {
              reset();
              onCancel();
            }}
          >
            Back
          </Button>
          <Button type="submit" variant="danger" disabled={!picked}>
            Flag
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Escalation with an optional note for the senior who picks it up: the note field has the focus, Enter escalates
 * (Shift+Enter starts a new line), Escape goes back. Opened by `3` or the Escalate button.
 */
export function EscalateNote({ open, onCancel, onSend }: { open: boolean; onCancel: () => void; onSend: (note: string | null) => void }) {
  const [note, setNote] = useState('');
  const noteId = useId();

  function close() {
    setNote('');
    onCancel();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onSend(note.trim() || null);
    setNote('');
  }

  return (
    <Dialog open={open} onClose={close} title="Escalate to a senior">
      <form onSubmit={submit} className="space-y-4">
        <div className="space-y-1">
          <Label htmlFor={noteId}>Note for the senior (optional)</Label>
          <textarea
            id={noteId}
            data-autofocus
            value={note}
            onChange={(event) => setNote(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
            }}
            maxLength={MAX_NOTE_LENGTH}
            rows={3}
            className={textAreaClassName}
          />
        </div>
        <Muted size="sm">
          <Kbd>Enter</Kbd> escalates, <Kbd>Shift Enter</Kbd> starts a new line, <Kbd>Esc</Kbd> goes back to the evidence.
        </Muted>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Back
          </Button>
          <Button type="submit">Escalate</Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The verdicts that ask something first: `choose('flagged')` opens the reason picker, `choose('escalated')` the
 * escalation note; OK decides at once (callers put their own confirmation in front of it). Render `picker` once in
 * the component that uses it.
 */
export function useVerdict(
  reasonCodes: readonly ReasonCode[],
  decide: (kind: DecisionKind, reasonCode?: string | null, note?: string | null) => void,
): { choose: (kind: DecisionKind) => void; picker: ReactNode } {
  const [asking, setAsking] = useState<'flagged' | 'escalated' | null>(null);
  return {
    choose: (kind) => (kind === 'ok' ? decide(kind) : setAsking(kind)),
    picker: (
      <>
        <ReasonPicker
          open={asking === 'flagged'}
          reasonCodes={reasonCodes}
          onCancel={() => setAsking(null)}
          onPick={(reasonCode, note) => {
            setAsking(null);
            decide('flagged', reasonCode, note);
          }}
        />
        <EscalateNote
          open={asking === 'escalated'}
          onCancel={() => setAsking(null)}
          onSend={(note) => {
            setAsking(null);
            decide('escalated', null, note);
          }}
        />
      </>
    ),
  };
}
