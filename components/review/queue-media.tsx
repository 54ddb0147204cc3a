'use client';

/* eslint-disable @next/next/no-img-element -- moderated media goes through our own gated routes, never next/image's optimiser */

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useCallback, useImperativeHandle, useState } from 'react';
import { useRevealed } from '@/components/media/use-revealed';
import { Badge } from '@/components/ui/badge';
import { Muted } from '@/components/ui/muted';
import { mediaApi, type MediaGateView } from '@/lib/media/api';
import { describeFailure } from '@/lib/queries/api-error';
import { mediaQueries, revealThroughGate } from '@/lib/queries/media';
import { ScoreTrack } from '@/components/jobs/csam-score-bars';
import { OutputFindings } from '@/components/media/output-findings';
import { HARD_GATE_VEIL, isVeiled } from '@/components/media/gate-look';
import { LiftVeil } from '@/components/media/gated-media';
import { OwnScore } from '@/components/media/own-score';
import { useLift } from '@/components/media/use-lift';
import { DEFAULT_PREFERENCES, type ReviewerPreferences } from '@/lib/moderation/preference-defaults';
import { cn } from '@/lib/utils';
import type { CsamThresholds } from '@/lib/moderation/scan';
import { ActionDialog } from './action-dialog';

/**
 * The outputs of the queue's current item, as the gate allows them: tier 0 shown, tier 1 as the server's blurred
 * preview, tier 2 and 3 as text until revealed, worst first, each with its own score against the thresholds and its
 * scan findings. `r` (through the ref) reveals the first gated output this reviewer's role may reveal (a moderator
 * skips a senior-only one) through the gate's reveal route: the gate checks the role, writes the audit row, then
 * grants the bytes.
 */

export interface QueueMediaHandle {
  /** Reveals the first output still gated for this reviewer; false when there is none. */
  revealNext(): boolean;
}

/** What this reviewer's role can do with a gated output, in the tile's own words. */
function gatedText(gate: MediaGateView): string {
  if (!gate.canReveal) return gate.revealRequires === 'senior+reason' ? 'Senior only: hard-gated, your role cannot reveal it.' : 'Your role cannot reveal it.';
  return `No pixels until revealed${gate.reasonRequired ? ' with a reason' : ''}. Press r.`;
}

function Output({
  gate,
  workflowId,
  thresholds,
  preferences,
}: {
  gate: MediaGateView;
  workflowId: string;
  thresholds: CsamThresholds;
  preferences: ReviewerPreferences | null;
}) {
  const revealed = gate.fullBytesWithoutGrant || gate.revealedUntil !== null;
  const { lifted } = useLift(gate.blobId);
  const veil = revealed && isVeiled(gate.tier, preferences ?? DEFAULT_PREFERENCES, lifted) ? HARD_GATE_VEIL : null;
  const label = `Output ${gate.blobId}`;
  let body;
  if (!gate.available) body = <p className="p-3 text-xs">Unavailable upstream: nothing to show.</p>;
  else if (revealed && gate.mediaType === 'video')
    body = <video src={mediaApi.media(gate.blobId, workflowId)} controls muted preload="none" data-veiled={veil !== null} className={cn('h-full w-full object-contain', veil)} aria-label={label} />;
  else if (revealed) body = <img src={mediaApi.media(gate.blobId, workflowId)} alt={label} data-veiled={veil !== null} className={cn('h-full w-full object-contain', veil)} />;
  // The preview route renders images only; a video stays text until revealed.
  else if (gate.previewAllowed && gate.mediaType !== 'video') body = <img src={mediaApi.preview(gate.blobId, workflowId, gate.previewVariant)} alt={`${label} (blurred preview)`} className="h-full w-full object-contain" />;
  else body = <p className="p-3 text-center text-xs">{gatedText(gate)}</p>;
  return (
    <figure
      data-blob-id={gate.blobId}
      data-tier={gate.tier}
      data-revealed={revealed}
      data-can-reveal={gate.canReveal}
      className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800"
    >
      <div className="relative flex aspect-square items-center justify-center bg-zinc-100 dark:bg-zinc-800/60">
        {body}
        <LiftVeil gate={gate} fullBytes={revealed} preferences={preferences} className="absolute right-1.5 bottom-1.5" />
      </div>
      <figcaption className="space-y-1 px-2 py-1 text-[11px]">
        <span className="flex items-center justify-between gap-1">
          <span className="truncate font-mono">{gate.blobId}</span>
          <Badge tone={gate.tier >= 2 ? 'danger' : gate.tier === 1 ? 'warning' : 'success'}>Tier {gate.tier}</Badge>
        </span>
        {gate.available && !gate.canReveal && gate.tier === 3 ? <Badge tone="danger">Senior only</Badge> : null}
        <OwnScore band={gate.band} percent={gate.csamPercent} jobWide={gate.evidence.csamScope === 'job'} />
        <ScoreTrack value={gate.csamPercent} band={gate.band} thresholds={thresholds} label={label} />
        <OutputFindings evidence={gate.evidence} />
      </figcaption>
    </figure>
  );
}

export const QueueMedia = forwardRef<QueueMediaHandle, { workflowId: string }>(function QueueMedia({ workflowId }, ref) {
  const queryClient = useQueryClient();
  const revealed = useRevealed();
  const { data, error, isPending } = useQuery(mediaQueries.gates(workflowId));
  const preferences = useQuery(mediaQueries.preferences()).data ?? null;
  const [asking, setAsking] = useState<MediaGateView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const reveal = useCallback(
    async (gate: MediaGateView, reason?: string) => {
      await revealThroughGate(queryClient, gate.blobId, workflowId, reason);
      revealed(gate.blobId);
    },
    [queryClient, revealed, workflowId],
  );

  useImperativeHandle(
    ref,
    () => ({
      revealNext() {
        const gate = data?.gates.find((candidate) => candidate.canReveal && candidate.revealedUntil === null && !candidate.fullBytesWithoutGrant);
        if (!gate) return false;
        setFailure(null);
        if (gate.reasonRequired) setAsking(gate);
        else reveal(gate).catch((caught: unknown) => setFailure(describeFailure(caught).title));
        return true;
      },
    }),
    [data, reveal],
  );

  if (isPending) return <Muted size="sm">Loading outputs…</Muted>;
  if (error) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">{describeFailure(error).title}</p>;
  return (
    <div className="space-y-2">
      {data.gates.length ? (
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-6">
          {data.gates.map((gate) => (
            <Output key={gate.blobId} gate={gate} workflowId={workflowId} thresholds={data.thresholds} preferences={preferences} />
          ))}
        </div>
      ) : (
        <Muted size="sm">This workflow has no outputs.</Muted>
      )}
      {failure ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{failure}</p> : null}
      <ActionDialog
        open={asking !== null}
        onClose={() => setAsking(null)}
        title="Reveal gated media"
        confirmLabel="Reveal"
        busyLabel="Revealing…"
        danger
        reason={{ label: `Reason (at least ${asking?.minReasonLength ?? 1} characters; recorded in the audit log)`, required: true, maxLength: 2000 }}
        run={async (reason) => {
          await reveal(asking!, reason);
          return 'Revealed for a short time. The reveal is recorded under your name.';
        }}
      >
        Output <span className="font-mono">{asking?.blobId}</span> is tier {asking?.tier}: no pixels reach your screen until you reveal it.
      </ActionDialog>
    </div>
  );
});
