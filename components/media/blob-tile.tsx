'use client';

import { Box, FileQuestion, Image as ImageIcon, Maximize2, Music, ShieldAlert, Video } from 'lucide-react';
import { useRef, useState, type ReactNode } from 'react';
import { FindSimilarLink } from '@/components/similar/find-similar-link';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { useViewerCan } from '@/components/viewer-role';
import { EntityLink } from '@/components/ui/entity-link';
import { VisibleText } from '@/components/ui/visible-text';
import type { MediaGateView } from '@/lib/media/api';
import type { OutputRisk } from '@/lib/moderation/read-model';
import type { TileGate } from '@/lib/moderation/workflow-evidence';
import type { BlobProbe, MediaItem, MediaType, PartError } from '@/lib/orchestrator/types';
import { OwnScore } from './own-score';
import { describeFailure } from '@/lib/queries/api-error';
import { cn } from '@/lib/utils';
import { GatedMedia, GatePlaceholder, LiftVeil } from './gated-media';
import { TIER_LOOK } from './gate-look';
import { LevelBadge } from './level-badge';
import { Lightbox } from './lightbox';
import { RevealControl, RevealCountdown } from './reveal-control';
import { useGallery, useGalleryWorkflowId, useRevealState } from './use-gates';
import { useReveal } from './use-reveal';

const ICONS: Record<MediaType, typeof ImageIcon> = {
  image: ImageIcon,
  video: Video,
  audio: Music,
  model3d: Box,
  unknown: FileQuestion,
};

export interface BlobTileProps {
  item: MediaItem;
  probe: BlobProbe | null;
  probeError: PartError | null;
  /** The gate as the page decided it on the server: shown until the reviewer's live gate has loaded. */
  gate: TileGate;
  /** This output's own facts from the read model (its own CSAM score, not its job's worst). */
  risk?: OutputRisk;
  /** The workflow the blob belongs to. Defaults to the `[id]` of the workflow screen; without one, no pixels. */
  workflowId?: string;
  /** Replaces the gated pixels with the caller's own content (which then owns what it requests). */
  media?: ReactNode;
}

/**
 * One output blob: its pixels as far as the gate allows, its tier in colour and words, why, and the reveal. The live
 * gate (GET /api/media/gates, one request for all tiles of the workflow, with this reviewer's settings and reveals)
 * decides what is requested; until it has answered, nothing is. Hover and focus request nothing; a click opens the
 * lightbox, which asks for full bytes only where the gate allows them.
 */
export function BlobTile({ item, probe, probeError, gate: serverGate, risk, workflowId: explicitWorkflowId, media }: BlobTileProps) {
  const workflowId = useGalleryWorkflowId(explicitWorkflowId);
  const { gates, preferences } = useGallery(workflowId);
  const live: MediaGateView | null = gates.data?.gates.find((entry) => entry.blobId === item.blobId) ?? null;
  const { fullBytes, secondsLeft } = useRevealState(workflowId, live);
  const reveal = useReveal(workflowId);
  const [lightbox, setLightbox] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  // Only images are hashed (videos await vPDQ); the link needs no pixels, so gated tiles offer it too.
  const findSimilar = useViewerCan('findSimilar') && item.mediaType === 'image';

  const tier = live?.tier ?? serverGate.tier;
  const reasons = live?.reasons ?? serverGate.reasons;
  const look = TIER_LOOK[tier];
  const label = `Output ${item.blobId}`;

  function closeLightbox(lastBlobId: string) {
    setLightbox(false);
    // Back to the tile the reviewer looked at last, so the arrows in the viewer also move the place on the page.
    const last = document.querySelector<HTMLElement>(`[data-lightbox-opener="${CSS.escape(lastBlobId)}"]`);
    (last ?? opener.current)?.focus();
  }

  let pixels: ReactNode;
  if (media) pixels = media;
  else if (live && workflowId) pixels = <GatedMedia gate={live} workflowId={workflowId} fullBytes={fullBytes} preferences={preferences} variant="tile" label={label} />;
  else pixels = <WithoutGate tier={tier} mediaType={item.mediaType} workflowKnown={workflowId !== null} loading={gates.isPending && workflowId !== null} failure={gates.error} />;
  const playable = live?.mediaType === 'video' && fullBytes;

  return (
    <figure
      id={`blob-${item.blobId}`}
      data-blob-id={item.blobId}
      data-tier={tier}
      data-revealed={fullBytes && !live?.fullBytesWithoutGrant}
      className={cn('flex h-full flex-col overflow-hidden rounded-lg border-2 bg-white dark:bg-zinc-900', look.frame)}
    >
      <div className={cn('relative aspect-square', fullBytes ? 'bg-zinc-100 dark:bg-zinc-800/60' : look.surface)}>
        {live && !media && !playable ? (
          <button
            ref={opener}
            type="button"
            data-lightbox-opener={item.blobId}
            onClick={() => setLightbox(true)}
            aria-label={`Open ${label} in the viewer (${look.name})`}
            className="absolute inset-0 cursor-zoom-in focus-visible:outline-2 focus-visible:outline-offset-[-4px] focus-visible:outline-sky-600"
          >
            {pixels}
          </button>
        ) : (
          <div className="absolute inset-0">{pixels}</div>
        )}
        <span className={cn('pointer-events-none absolute top-1.5 left-1.5 rounded px-1.5 py-0.5 text-[11px] font-semibold shadow', look.ribbon)}>
          {live && !live.available ? `Tier ${tier} · unavailable` : look.name}
        </span>
        {live && !media ? (
          <LiftVeil gate={live} fullBytes={fullBytes} preferences={preferences} className="absolute right-1.5 bottom-1.5" />
        ) : null}
        {live && !media && playable ? (
          <button
            ref={opener}
            type="button"
            data-lightbox-opener={item.blobId}
            onClick={() => setLightbox(true)}
            aria-label={`Open ${label} in the viewer`}
            className="absolute top-1.5 right-1.5 rounded bg-white/90 p-1 text-zinc-900 shadow hover:bg-white dark:bg-zinc-900/90 dark:text-zinc-100"
          >
            <Maximize2 aria-hidden className="size-4" />
          </button>
        ) : null}
      </div>
      <figcaption className="flex flex-1 flex-col gap-1.5 p-2 text-xs [overflow-wrap:anywhere]">
        {secondsLeft !== null && fullBytes ? <RevealCountdown secondsLeft={secondsLeft} className="self-start" /> : null}
        <p className="truncate font-mono" title={item.blobId}>
          <VisibleText text={item.blobId} />
        </p>
        {risk ? <OwnScore band={risk.band} percent={risk.scan?.csamPercent ?? null} jobWide={risk.scan?.csamScope === 'job'} /> : null}
        <div className="flex flex-wrap gap-1">
          <LevelBadge level={item.nsfwLevel} />
          <Availability item={item} probe={probe} probeError={probeError} />
          <Badge tone="neutral">{item.mediaType}</Badge>
        </div>
        {item.blockedReason ? (
          <p className="font-medium text-red-800 dark:text-red-300">
            Blocked: <VisibleText text={item.blockedReason} />
          </p>
        ) : null}
        {reasons.length ? (
          <ul className="list-inside list-disc text-zinc-700 dark:text-zinc-300" aria-label="Why this tier">
            {reasons.slice(0, 3).map((reason) => (
              <li key={reason}>
                <VisibleText text={reason} />
              </li>
            ))}
          </ul>
        ) : null}
        {live ? <RevealControl gate={live} fullBytes={fullBytes} busy={reveal.busy === live.blobId} notice={reveal.notice} onReveal={reveal.start} className="mt-auto pt-1" /> : null}
        {findSimilar ? <FindSimilarLink blobId={item.blobId} className="self-start" /> : null}
        {item.jobId ? (
          <EntityLink kind="job" id={item.jobId} prefetch={false} className="block">
            Scan evidence of its job
          </EntityLink>
        ) : null}
      </figcaption>
      {lightbox && live && workflowId && gates.data ? (
        <Lightbox workflowId={workflowId} gates={gates.data.gates} startBlobId={item.blobId} preferences={preferences} onClose={closeLightbox} />
      ) : null}
      {reveal.dialog}
    </figure>
  );
}

/** The tile before (or without) a live gate: the tier the page decided, and no request for any pixel. */
function WithoutGate({ tier, mediaType, workflowKnown, loading, failure }: { tier: TileGate['tier']; mediaType: MediaType; workflowKnown: boolean; loading: boolean; failure: unknown }) {
  const Icon = tier === 3 ? ShieldAlert : ICONS[mediaType];
  if (loading) return <GatePlaceholder tier={tier} icon={<Icon />} headline="Checking the gate…" busy />;
  if (failure) return <GatePlaceholder tier={tier} icon={<Icon />} headline="Gate not checked" detail={`${describeFailure(failure).title} No pixels until it is.`} />;
  return <GatePlaceholder tier={tier} icon={<Icon />} headline={TIER_LOOK[tier].note} detail={workflowKnown ? 'Not among the workflow’s outputs.' : 'Open it from its workflow to see it.'} />;
}

function Availability({ item, probe, probeError }: Pick<BlobTileProps, 'item' | 'probe' | 'probeError'>) {
  if (!item.available) return <Badge tone="neutral">unavailable</Badge>;
  if (probeError) {
    return (
      <Badge tone="warning" title={probeError.message}>
        probe failed
      </Badge>
    );
  }
  if (!probe) return <Badge tone="neutral">not probed</Badge>;
  const tone: BadgeProps['tone'] = probe.visibility === 'viewable' ? 'info' : probe.visibility === 'blocked' ? 'danger' : 'neutral';
  return (
    <Badge tone={tone} title={probe.note ?? undefined}>
      {probe.visibility === 'blocked' ? 'withheld upstream' : probe.visibility}
    </Badge>
  );
}
