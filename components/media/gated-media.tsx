'use client';

/* eslint-disable @next/next/no-img-element -- moderated media goes through our own gated routes, never next/image's optimiser */

import { Ban, EyeOff, Film, ImageOff, Loader2, ShieldAlert } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { mediaApi, type MediaGateView } from '@/lib/media/api';
import type { GateTier } from '@/lib/moderation/gating';
import { DEFAULT_PREFERENCES, VIDEO_PRELOAD, type ReviewerPreferences } from '@/lib/moderation/preference-defaults';
import { cn } from '@/lib/utils';
import { HARD_GATE_VEIL, isVeiled, PREVIEW_CSS_BLUR, TIER_LOOK } from './gate-look';
import { useLift } from './use-lift';

/**
 * The pixels of one output, exactly as far as the gate allows them, and nothing else:
 *   full bytes   tier 0, or a live reveal (a tile shows a tier-0 image as its small server thumbnail)
 *   preview      tier 1 before a reveal: the server's blurred (and, by setting, grayscale) webp
 *   text         tier 2 and 3, unavailable media, and anything whose gate is not known yet: no request at all
 * Videos never preload and never autoplay in a tile; they play muted unless the reviewer chose sound (a hard-gated
 * video always starts muted and paused). Revealed hard-gated pixels stay grayscale and blurred until the reviewer
 * lifts the veil (LiftVeil), unless their settings say otherwise.
 */

export type MediaVariant = 'tile' | 'lightbox';

export interface GatedMediaProps {
  gate: MediaGateView;
  workflowId: string;
  /** Tier 0, or revealed and not yet run out (useRevealState). */
  fullBytes: boolean;
  preferences: ReviewerPreferences | null;
  variant: MediaVariant;
  label: string;
}

export function GatedMedia({ gate, workflowId, fullBytes, preferences, variant, label }: GatedMediaProps) {
  const [failed, setFailed] = useState<string | null>(null);
  const settings = preferences ?? DEFAULT_PREFERENCES;
  const { lifted } = useLift(gate.blobId);
  const veiled = fullBytes && isVeiled(gate.tier, settings, lifted);
  let source: { src: string; kind: 'full' | 'thumbnail' | 'blurred' } | null = null;
  if (gate.available && gate.mediaType === 'image') {
    if (fullBytes) {
      source = gate.tier === 0 && variant === 'tile' ? { src: mediaApi.preview(gate.blobId, workflowId, gate.previewVariant), kind: 'thumbnail' } : { src: mediaApi.media(gate.blobId, workflowId), kind: 'full' };
    } else if (gate.previewAllowed) {
      source = { src: mediaApi.preview(gate.blobId, workflowId, gate.previewVariant), kind: 'blurred' };
    }
  }

  if (gate.available && gate.mediaType === 'video' && fullBytes) {
    return (
      <video
        key={gate.blobId}
        src={mediaApi.media(gate.blobId, workflowId)}
        controls
        preload={VIDEO_PRELOAD}
        muted={settings.videoMuted || gate.tier === 3}
        // Only the lightbox, opened on purpose, may start playing by itself, and only when the reviewer chose it.
        autoPlay={variant === 'lightbox' && settings.videoAutoplay && gate.tier !== 3}
        playsInline
        aria-label={label}
        data-veiled={veiled}
        className={cn('h-full w-full bg-black object-contain', veiled && HARD_GATE_VEIL)}
      />
    );
  }

  if (source && failed !== source.src) {
    return (
      <img
        key={source.src}
        src={source.src}
        alt={source.kind === 'blurred' ? `${label} (blurred preview)` : label}
        data-media={source.kind}
        data-veiled={veiled}
        decoding="async"
        draggable={false}
        referrerPolicy="no-referrer"
        onError={() => setFailed(source.src)}
        className={cn(
          'h-full w-full object-contain',
          // A second layer over pixels the server already blurred; the blur never depends on this CSS.
          source.kind === 'blurred' && [PREVIEW_CSS_BLUR[settings.blurStrength], settings.grayscale && 'grayscale', 'scale-105'],
          veiled && HARD_GATE_VEIL,
        )}
      />
    );
  }

  if (source) return <GatePlaceholder tier={gate.tier} icon={<ImageOff />} headline="Could not load" detail="The gate or the upstream refused it. Reload to try again." />;
  return <GatePlaceholder {...describeWithoutPixels(gate)} tier={gate.tier} />;
}

/**
 * The control that lifts the veil from one revealed hard-gated output; renders nothing when there is no veil. Sits
 * beside the media (never inside a tile's opener button).
 */
export function LiftVeil({
  gate,
  fullBytes,
  preferences,
  className,
}: {
  gate: Pick<MediaGateView, 'blobId' | 'tier'>;
  fullBytes: boolean;
  preferences: ReviewerPreferences | null;
  className?: string;
}) {
  const { lifted, lift } = useLift(gate.blobId);
  if (!fullBytes || !isVeiled(gate.tier, preferences ?? DEFAULT_PREFERENCES, lifted)) return null;
  return (
    <button
      type="button"
      onClick={lift}
      aria-label={`Lift the veil from output ${gate.blobId}`}
      className={cn('rounded bg-white px-2 py-1 text-xs font-semibold text-red-800 shadow ring-1 ring-red-600 hover:bg-red-50', className)}
    >
      Lift veil
    </button>
  );
}

function describeWithoutPixels(gate: MediaGateView): { icon: ReactNode; headline: string; detail: string } {
  if (!gate.available) return { icon: <Ban />, headline: 'Unavailable upstream', detail: 'Nothing to show or reveal.' };
  // A hard gate has several causes (CSAM score, unreadable scan, unplaced blob, hash-list match): the tile's reasons say which.
  if (gate.tier === 3) return { icon: <ShieldAlert />, headline: 'Hard gate', detail: 'No pixels, no preview.' };
  if (gate.tier === 2) return { icon: <EyeOff />, headline: 'Hidden: no pixels loaded', detail: gate.reasons[0] ?? TIER_LOOK[2].note };
  if (gate.mediaType === 'video') return { icon: <Film />, headline: gate.tier === 1 ? 'Mature video' : 'Video', detail: 'Reveal to play it.' };
  return { icon: <EyeOff />, headline: 'No preview', detail: TIER_LOOK[gate.tier].note };
}

/** What stands in for pixels: the tier's surface, an icon, and why, in words. Phrasing elements only: it sits in a button. */
export function GatePlaceholder({ tier, icon, headline, detail, busy = false }: { tier: GateTier; icon: ReactNode; headline: string; detail?: string; busy?: boolean }) {
  const look = TIER_LOOK[tier];
  return (
    <span className={cn('flex h-full w-full flex-col items-center justify-center p-3 text-center', look.surface, look.ink)}>
      <span className={cn('flex flex-col items-center gap-1 rounded-md px-2 py-1.5', tier >= 2 && (tier === 3 ? 'bg-black/75' : 'bg-white/75 dark:bg-black/55'))}>
        <span aria-hidden className={cn('[&>svg]:size-8', look.icon, busy && '[&>svg]:animate-spin')}>
          {busy ? <Loader2 /> : icon}
        </span>
        <span className="text-sm font-semibold">{headline}</span>
        {detail ? <span className="line-clamp-3 text-xs">{detail}</span> : null}
      </span>
    </span>
  );
}
