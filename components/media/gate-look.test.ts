import { describe, expect, it } from 'vitest';
import { GATE_TIERS } from '@/lib/moderation/gating';
import { formatCountdown, isVeiled, REVEAL_NEEDS, TIER_LOOK } from './gate-look';

describe('how the gate tiers look', () => {
  it('gives every tier its own frame, ribbon and surface, so no two tiers look alike', () => {
    for (const part of ['frame', 'ribbon', 'surface', 'name'] as const) {
      expect(new Set(GATE_TIERS.map((tier) => TIER_LOOK[tier][part])).size, part).toBe(GATE_TIERS.length);
    }
  });

  it('names the tier on its ribbon and says who may reveal the gated ones', () => {
    for (const tier of GATE_TIERS) expect(TIER_LOOK[tier].name).toMatch(new RegExp(`^Tier ${tier} · `));
    expect(REVEAL_NEEDS[2]).toMatch(/moderator/);
    expect(REVEAL_NEEDS[3]).toMatch(/senior.*reason/);
  });

  it('veils revealed pixels of hard-gated media only, by the setting, until lifted', () => {
    expect(isVeiled(3, { veilHardGate: true }, false)).toBe(true);
    expect(isVeiled(3, { veilHardGate: true }, true)).toBe(false);
    expect(isVeiled(3, { veilHardGate: false }, false)).toBe(false);
    for (const tier of [0, 1, 2] as const) expect(isVeiled(tier, { veilHardGate: true }, false)).toBe(false);
  });

  it('shows a reveal countdown as minutes and seconds', () => {
    expect(formatCountdown(600)).toBe('10:00');
    expect(formatCountdown(119)).toBe('1:59');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(0)).toBe('0:00');
  });
});
