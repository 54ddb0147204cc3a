import type { GateDecision } from '@/lib/moderation/gating';
import type { ReviewerPreferences } from '@/lib/moderation/preference-defaults';

/**
 * Which preview of a blob this reviewer is shown: the plain thumbnail (tier 0) or the blurred one at their blur
 * strength and colour (tier 1); null when no preview may be sent. Part of the preview's URL (`v=`), so a browser may
 * keep a preview for good: a blob's bytes never change upstream, and any change of tier or settings names another
 * URL. The server renders what the gate decides at request time whatever `v` says; only a matching `v` is cacheable.
 */
export function previewVariant(
  decision: Pick<GateDecision, 'previewAllowed' | 'tier'>,
  preferences: Pick<ReviewerPreferences, 'blurStrength' | 'grayscale'>,
): string | null {
  if (!decision.previewAllowed) return null;
  if (decision.tier === 0) return 'thumb';
  return `blur-${preferences.blurStrength}${preferences.grayscale ? '-gray' : ''}`;
}
