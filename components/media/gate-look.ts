import type { BadgeProps } from '@/components/ui/badge';
import type { GateTier } from '@/lib/moderation/gating';
import type { ReviewerPreferences } from '@/lib/moderation/preference-defaults';

/**
 * How each gate tier looks, in one place, so a tile, the lightbox and the settings preview cannot disagree: a moderator
 * tells the tiers apart at a glance by the frame colour and the ribbon, and reads why in the ribbon's words.
 */
export interface TierLook {
  /** Short name on the ribbon and the badge. */
  name: string;
  tone: NonNullable<BadgeProps['tone']>;
  /** What the tier means before a reveal. */
  note: string;
  /** The tile's frame. */
  frame: string;
  /** The ribbon over the media. */
  ribbon: string;
  /** Background of the placeholder that stands in for pixels, its text and its icon. */
  surface: string;
  ink: string;
  icon: string;
}

// Tier 2 is striped red on light, tier 3 black and red like a hazard sign in both themes: never confused at a glance.
export const TIER_LOOK: Record<GateTier, TierLook> = {
  0: {
    name: 'Tier 0 · shown',
    tone: 'success',
    note: 'Shown plainly',
    frame: 'border-zinc-200 dark:border-zinc-800',
    ribbon: 'bg-emerald-700 text-white',
    surface: 'bg-zinc-100 dark:bg-zinc-800/60',
    ink: 'text-zinc-800 dark:text-zinc-200',
    icon: 'text-zinc-500 dark:text-zinc-400',
  },
  1: {
    name: 'Tier 1 · blurred',
    tone: 'warning',
    note: 'Mature: blurred preview until revealed',
    frame: 'border-amber-500 dark:border-amber-500/80',
    ribbon: 'bg-amber-400 text-amber-950',
    surface: 'bg-amber-50 dark:bg-amber-950/40',
    ink: 'text-amber-950 dark:text-amber-100',
    icon: 'text-amber-700 dark:text-amber-300',
  },
  2: {
    name: 'Tier 2 · hidden',
    tone: 'danger',
    note: 'No pixels until a moderator reveals it',
    frame: 'border-red-500 dark:border-red-500/80',
    ribbon: 'bg-red-700 text-white',
    surface:
      'bg-red-50 bg-[image:repeating-linear-gradient(135deg,transparent_0_10px,rgb(254_202_202/0.6)_10px_20px)] dark:bg-zinc-900 dark:bg-[image:repeating-linear-gradient(135deg,transparent_0_10px,rgb(127_29_29/0.3)_10px_20px)]',
    ink: 'text-red-950 dark:text-red-100',
    icon: 'text-red-700 dark:text-red-400',
  },
  3: {
    name: 'Tier 3 · hard gate',
    tone: 'danger',
    note: 'Hard gate: suspected CSAM. Senior reviewer and a typed reason only',
    frame: 'border-red-700 ring-2 ring-red-700/60 dark:border-red-500 dark:ring-red-500/50',
    ribbon: 'bg-white text-red-800 ring-2 ring-red-600',
    surface: 'bg-zinc-950 bg-[image:repeating-linear-gradient(45deg,transparent_0_14px,rgb(185_28_28/0.7)_14px_20px)]',
    ink: 'text-white',
    icon: 'text-red-400',
  },
};

/** Who may reveal a tier, said to the reviewer whose role is not enough. */
export const REVEAL_NEEDS: Record<GateTier, string> = {
  0: '',
  1: 'Any reviewer may reveal this.',
  2: 'Only a moderator or above can reveal this.',
  3: 'Only a senior reviewer can reveal this, with a typed reason.',
};

/** CSS blur laid over a server-blurred preview: a second layer, never the only one (the pixels are already blurred). */
export const PREVIEW_CSS_BLUR = { light: 'blur-[2px]', medium: 'blur-sm', strong: 'blur-md' } as const;

/** The veil over revealed hard-gated pixels until the reviewer lifts it: grayscale and strongly blurred. */
export const HARD_GATE_VEIL = 'grayscale blur-xl';

/** Whether revealed pixels stay veiled: tier 3 only, by the reviewer's setting (on by default), until lifted. */
export function isVeiled(tier: GateTier, preferences: Pick<ReviewerPreferences, 'veilHardGate'>, lifted: boolean): boolean {
  return tier === 3 && preferences.veilHardGate && !lifted;
}

export function formatCountdown(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}
