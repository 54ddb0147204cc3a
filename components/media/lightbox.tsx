'use client';

import { ChevronLeft, ChevronRight, Download, X } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button, buttonVariants } from '@/components/ui/button';
import { Kbd } from '@/components/ui/kbd';
import { Muted } from '@/components/ui/muted';
import { isEditableTarget } from '@/components/keyboard/shortcuts';
import { mediaApi, type MediaGateView } from '@/lib/media/api';
import type { ReviewerPreferences } from '@/lib/moderation/preference-defaults';
import { cn } from '@/lib/utils';
import { FindSimilarLink } from '@/components/similar/find-similar-link';
import { useViewerCan } from '@/components/viewer-role';
import { GatedMedia, LiftVeil } from './gated-media';
import { TIER_LOOK } from './gate-look';
import { RevealControl, RevealCountdown } from './reveal-control';
import { useRevealState } from './use-gates';
import { useReveal } from './use-reveal';
import { ViewedBy } from './viewed-by';

/**
 * One output large, on a native modal <dialog> (the page behind is inert, so focus stays inside). `←`/`→` move
 * between the workflow's outputs, `r` reveals through the gate (the reason dialog opens when one is needed), `Esc`
 * closes. Opening it fetches only what the gate already allows; on close, focus returns to the tile of the output
 * last shown.
 */
export function Lightbox({
  workflowId,
  gates,
  startBlobId,
  preferences,
  onClose,
}: {
  workflowId: string;
  gates: MediaGateView[];
  startBlobId: string;
  preferences: ReviewerPreferences | null;
  /** Called once the dialog has closed, with the output it showed last. */
  onClose: (lastBlobId: string) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const keysId = useId();
  const [index, setIndex] = useState(() => Math.max(0, gates.findIndex((gate) => gate.blobId === startBlobId)));
  const findSimilar = useViewerCan('findSimilar');
  const gate = gates[Math.min(index, gates.length - 1)]!;
  const { fullBytes, secondsLeft } = useRevealState(workflowId, gate);
  const reveal = useReveal(workflowId);

  // Mounted means open; unmounting takes the dialog out of the top layer, so there is nothing to close by hand.
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);

  const move = (step: number) => setIndex((current) => (current + step + gates.length) % gates.length);

  // On the document, not the dialog: when the focused control goes (Download becomes a disabled button on a gated
  // output), focus falls to the page, and the keys must keep working.
  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent) {
      // Keys typed into the reason dialog (a dialog inside this one) or any field are not shortcuts.
      const target = event.target as HTMLElement;
      const inDialog = target.closest('dialog');
      if ((inDialog !== null && inDialog !== ref.current) || isEditableTarget(target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'ArrowRight') move(1);
      else if (event.key === 'ArrowLeft') move(-1);
      else if (event.key === 'r' || event.key === 'R') {
        if (!fullBytes) reveal.start(gate);
      } else return;
      event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  });

  const look = TIER_LOOK[gate.tier];
  const label = `Output ${gate.blobId}`;
  const canDownload = fullBytes;
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={keysId}
      aria-modal="true"
      data-testid="lightbox"
      onClose={(event) => {
        // React passes a nested dialog's close (the reason dialog) up to this one: only our own counts.
        if (event.target === event.currentTarget) onClose(gate.blobId);
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) ref.current?.close();
      }}
      className="m-auto h-[92vh] max-h-none w-[94vw] max-w-7xl overflow-hidden rounded-lg border border-zinc-700 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-black/80 dark:bg-zinc-950 dark:text-zinc-100"
    >
      <div className="flex h-full flex-col">
        <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
          <h2 id={titleId} className="min-w-0 flex-1 truncate text-sm font-semibold">
            Output {index + 1} of {gates.length}: <span className="font-mono">{gate.blobId}</span>
          </h2>
          <Badge tone={look.tone}>{look.name}</Badge>
          {secondsLeft !== null && fullBytes ? <RevealCountdown secondsLeft={secondsLeft} /> : null}
          <button
            type="button"
            onClick={() => ref.current?.close()}
            aria-label="Close the viewer"
            className="rounded p-1 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <X aria-hidden className="size-5" />
          </button>
        </header>
        <div className="grid min-h-0 flex-1 grid-rows-[minmax(0,1fr)_auto] md:grid-cols-[minmax(0,1fr)_20rem] md:grid-rows-1">
          <div className={cn('relative min-h-0 border-4', look.frame, fullBytes ? 'bg-zinc-950' : look.surface)} data-blob-id={gate.blobId} data-tier={gate.tier} data-revealed={fullBytes}>
            <GatedMedia key={gate.blobId} gate={gate} workflowId={workflowId} fullBytes={fullBytes} preferences={preferences} variant="lightbox" label={label} />
            <LiftVeil gate={gate} fullBytes={fullBytes} preferences={preferences} className="absolute bottom-2 left-1/2 -translate-x-1/2" />
            <Button variant="secondary" size="sm" onClick={() => move(-1)} aria-label="Previous output" className="absolute top-1/2 left-2 -translate-y-1/2 opacity-90">
              <ChevronLeft aria-hidden className="size-5" />
            </Button>
            <Button variant="secondary" size="sm" onClick={() => move(1)} aria-label="Next output" className="absolute top-1/2 right-2 -translate-y-1/2 opacity-90">
              <ChevronRight aria-hidden className="size-5" />
            </Button>
          </div>
          <aside className="min-h-0 space-y-4 overflow-y-auto border-t border-zinc-200 p-4 text-sm md:border-t-0 md:border-l dark:border-zinc-800">
            <section aria-label="Why this tier" className="space-y-1">
              <h3 className="text-sm font-medium">{look.note}</h3>
              {gate.reasons.length ? (
                <ul className="list-inside list-disc text-xs text-zinc-700 dark:text-zinc-300">
                  {gate.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              ) : (
                <Muted size="xs">Rated safe by every scan the console could read.</Muted>
              )}
            </section>
            <RevealControl gate={gate} fullBytes={fullBytes} busy={reveal.busy === gate.blobId} notice={reveal.notice} onReveal={reveal.start} />
            <section aria-label="Download" className="space-y-1">
              {canDownload ? (
                <a href={mediaApi.download(gate.blobId, workflowId)} download className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
                  <Download aria-hidden className="size-4" />
                  Download
                </a>
              ) : (
                <Button variant="secondary" size="sm" disabled aria-describedby={`${keysId}-download`}>
                  <Download aria-hidden className="size-4" />
                  Download
                </Button>
              )}
              <Muted size="2xs" id={`${keysId}-download`}>
                {!gate.available ? 'Unavailable upstream: nothing to download.' : canDownload ? 'The download is recorded in the audit log.' : 'Reveal it first: gated media downloads only during a reveal.'}
              </Muted>
            </section>
            {findSimilar && gate.mediaType === 'image' ? <FindSimilarLink blobId={gate.blobId} className="self-start" /> : null}
            {gate.tier > 0 ? <ViewedBy blobId={gate.blobId} /> : null}
            <Muted size="xs" id={keysId}>
              <Kbd>←</Kbd> <Kbd>→</Kbd> other outputs · <Kbd>r</Kbd> reveal · <Kbd>Esc</Kbd> close
            </Muted>
          </aside>
        </div>
      </div>
      {reveal.dialog}
    </dialog>
  );
}
