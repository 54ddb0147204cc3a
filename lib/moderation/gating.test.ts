import { describe, expect, it } from 'vitest';
import {
  checkRevealRequest,
  decideGate,
  DEFAULT_GATE_POLICY,
  fullBytesAllowed,
  gatePolicyFromJson,
  gatePolicySchema,
  isHardGateReason,
  type MediaGateFacts,
  type GateViewer,
} from './gating';
import { scanOfOutput } from './read-model';
import { interpretScan } from './scan';
import type { Role } from '../auth/roles';

const thresholds = { near: 10, above: 50 };
/** The scan of the only output of a job with this context (a job with several scores for one output: job-wide). */
function scanWith(context: Record<string, unknown> | undefined, position = 0, outputCount = 1) {
  return scanOfOutput(interpretScan({ context }, thresholds), position, outputCount);
}

const cleanScan = scanWith({ hive_csam_score: '0.00 %', hive_vlm_summary: 'PG, No_Child' });

function facts(overrides: Partial<MediaGateFacts> = {}): MediaGateFacts {
  return { nsfwLevel: 'pg', blockedReason: null, available: true, scan: cleanScan, hashMatches: [], ...overrides };
}

function viewer(role: Role = 'moderator', matureTiles: 'blurred' | 'hidden' = 'blurred'): GateViewer {
  return { role, preferences: { matureTiles } };
}

describe('decideGate: organisation policy by level', () => {
  it.each([
    ['pg', 0],
    ['pg13', 0],
    ['r', 1],
    ['x', 1],
    ['xxx', 2],
    ['unscanned', 2],
  ] as const)('%s with a clean scan → tier %d', (nsfwLevel, tier) => {
    expect(decideGate(facts({ nsfwLevel }), viewer()).tier).toBe(tier);
  });

  it('tier 0: full bytes without a grant, no reveal needed', () => {
    expect(decideGate(facts(), viewer('viewer'))).toMatchObject({
      tier: 0,
      previewAllowed: true,
      fullBytesWithoutGrant: true,
      revealRequires: 'none',
      reasonRequired: false,
      canReveal: false,
      reasons: [],
    });
  });

  it('tier 1: blurred preview, full bytes only after a click reveal (no reason)', () => {
    expect(decideGate(facts({ nsfwLevel: 'x' }), viewer('viewer'))).toMatchObject({
      tier: 1,
      previewAllowed: true,
      fullBytesWithoutGrant: false,
      revealRequires: 'click',
      reasonRequired: false,
      canReveal: true,
      reasons: ['Blob: rated X'],
    });
  });

  it('tier 2: no preview; moderator reveal with a reason', () => {
    const decision = decideGate(facts({ nsfwLevel: 'xxx' }), viewer('moderator'));
    expect(decision).toMatchObject({
      tier: 2,
      previewAllowed: false,
      fullBytesWithoutGrant: false,
      revealRequires: 'moderator',
      reasonRequired: true,
      canReveal: true,
      grantSeconds: 600,
    });
    expect(decideGate(facts({ nsfwLevel: 'xxx' }), viewer('viewer')).canReveal).toBe(false);
  });

  it('follows a configured policy', () => {
    const policy = gatePolicySchema.parse({ tierByLevel: { r: 2, x: 2 } });
    expect(decideGate(facts({ nsfwLevel: 'r' }), viewer(), policy).tier).toBe(2);
    expect(decideGate(facts({ nsfwLevel: 'pg13' }), viewer(), policy).tier).toBe(0);
  });
});

describe('decideGate: floors that policy cannot lower', () => {
  it('a CSAM score above the threshold is the hard gate, whatever the level', () => {
    const decision = decideGate(facts({ scan: scanWith({ hive_csam_score: '0.00 %, 73.10 %' }) }), viewer('moderator'));
    expect(decision).toMatchObject({
      tier: 3,
      previewAllowed: false,
      revealRequires: 'senior+reason',
      reasonRequired: true,
      canReveal: false,
      grantSeconds: 120,
    });
    expect(decision.reasons[0]).toBe("Job's worst CSAM score (73.10 %) above the hard-gate threshold");
    expect(decideGate(facts({ scan: scanWith({ hive_csam_score: '73.10 %' }) }), viewer('senior')).canReveal).toBe(true);
  });

  it('a "near" CSAM score is at least tier 2, even for pg', () => {
    const decision = decideGate(facts({ scan: scanWith({ hive_csam_score: '12.50 %' }) }), viewer());
    expect(decision.tier).toBe(2);
    expect(decision.reasons).toContain('CSAM score (12.50 %) near the threshold');
  });

  it("each output is gated on its own score, not its sibling's", () => {
    const job = { hive_csam_score: '3.12 %, 61.50 %' };
    const low = decideGate(facts({ scan: scanWith(job, 0, 2) }), viewer('moderator'));
    const high = decideGate(facts({ scan: scanWith(job, 1, 2) }), viewer('moderator'));
    expect(low).toMatchObject({ tier: 0, reasons: [] });
    expect(high.tier).toBe(3);
    expect(high.reasons[0]).toBe('CSAM score (61.50 %) above the hard-gate threshold');
  });

  it.each([
    ['ChildReference', 3],
    ['Child Sexual - Anime', 3],
    ['Child Sexual - Realistic', 3],
    ['child sexual - realistic', 3],
    ['ChildSexualRealisticV2', 3],
    ['Bestiality', 2],
    ['RatedLevel', 2],
    ['MatureContent', 2],
    ['SomethingNew', 2],
  ] as const)('blob blocked as %j → tier %d', (blockedReason, tier) => {
    expect(decideGate(facts({ blockedReason }), viewer()).tier).toBe(tier);
  });

  it('"none" is not a block', () => {
    expect(decideGate(facts({ blockedReason: 'none' }), viewer()).tier).toBe(0);
  });

  it('a block in the job scan context counts like one on the blob', () => {
    expect(decideGate(facts({ scan: scanWith({ hive_csam_score: '0 %', blocked_reason: 'ChildReference' }) }), viewer()).tier).toBe(3);
  });

  it('the job scan level can raise the blob level but an unrated job does not lower it', () => {
    expect(decideGate(facts({ scan: scanWith({ hive_csam_score: '0 %', nsfwLevel: 'XXX' }) }), viewer()).tier).toBe(2);
    expect(decideGate(facts({ nsfwLevel: 'x', scan: scanWith({ hive_csam_score: '0 %' }) }), viewer()).tier).toBe(1);
  });

  it('an organisation can add Bestiality to the hard gate', () => {
    const policy = gatePolicySchema.parse({ hardGateReasons: [...DEFAULT_GATE_POLICY.hardGateReasons, 'Bestiality'] });
    expect(isHardGateReason('bestiality', policy)).toBe(true);
    expect(decideGate(facts({ blockedReason: 'Bestiality' }), viewer(), policy).tier).toBe(3);
  });

  // Unknown or missing scan data is never safe: an output without a readable scan of its own is hard-gated.
  it('a hash-list match makes a pg blob tier 3, naming each list and label, nearest first as given', () => {
    const hashMatches = [
      { listId: 'l1', listName: 'Known bad', label: 'Series A', distance: 4 },
      { listId: 'l2', listName: 'Partner list', label: 'Case 7', distance: 20 },
    ];
    const decision = decideGate(facts({ hashMatches }), viewer('admin'));
    expect(decision).toMatchObject({ tier: 3, policyTier: 3, revealRequires: 'senior+reason', previewAllowed: false, fullBytesWithoutGrant: false });
    expect(decision.reasons).toEqual(['Hash list match: Known bad — Series A (distance 4)', 'Hash list match: Partner list — Case 7 (distance 20)']);
  });

  it('a failed job lookup or an unplaced output (no scan) makes a pg blob tier 3', () => {
    const decision = decideGate(facts({ scan: null, scanMissing: 'Scan evidence unavailable: the job could not be read' }), viewer());
    expect(decision).toMatchObject({ tier: 3, previewAllowed: false, canReveal: false, revealRequires: 'senior+reason' });
    expect(decision.reasons).toEqual(['Scan evidence unavailable: the job could not be read']);
    expect(decideGate(facts({ scan: null }), viewer('senior')).canReveal).toBe(true);
  });

  it.each([null, '0.9', 'NaN', '-1', '7', 0.9])('F-22: hive_csam_score %j on a pg blob → tier 3', (score) => {
    expect(decideGate(facts({ scan: scanWith({ hive_csam_score: score, nsfwLevel: 0 }) }), viewer()).tier).toBe(3);
  });

  it('F-22: a job with no context at all → tier 3', () => {
    expect(decideGate(facts({ scan: scanWith(undefined) }), viewer()).tier).toBe(3);
  });

  it('an unreadable score next to an "above" one stays the hard gate', () => {
    expect(decideGate(facts({ scan: scanWith({ hive_csam_score: 'NaN, 90 %' }) }), viewer()).tier).toBe(3);
  });
});

describe('decideGate: reviewer preferences only make it stricter', () => {
  it('"hidden" mature tiles raise tier 1 to 2', () => {
    const decision = decideGate(facts({ nsfwLevel: 'r' }), viewer('moderator', 'hidden'));
    expect(decision).toMatchObject({ tier: 2, policyTier: 1, previewAllowed: false, revealRequires: 'moderator' });
    expect(decision.reasons).toContain('Your preference hides mature tiles');
  });

  it('never lower, and leave tier 0 alone', () => {
    expect(decideGate(facts(), viewer('moderator', 'hidden')).tier).toBe(0);
    expect(decideGate(facts({ nsfwLevel: 'xxx' }), viewer('moderator', 'hidden')).tier).toBe(2);
    expect(decideGate(facts({ blockedReason: 'ChildReference' }), viewer('admin', 'hidden')).tier).toBe(3);
  });
});

describe('decideGate: unavailable outputs', () => {
  it('nothing to preview, fetch or reveal', () => {
    const decision = decideGate(facts({ available: false }), viewer('admin'));
    expect(decision).toMatchObject({ available: false, previewAllowed: false, fullBytesWithoutGrant: false, canReveal: false });
    expect(decision.reasons[0]).toBe('The orchestrator marks this output unavailable');
    expect(checkRevealRequest(decision, 'looking at it')).toBe('unavailable');
  });

  it('an unknown availability is still gated by the other facts', () => {
    expect(decideGate(facts({ available: 'unknown', nsfwLevel: 'x' }), viewer()).previewAllowed).toBe(true);
  });
});

describe('fullBytesAllowed', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const later = new Date('2026-01-01T12:05:00Z');
  const request = { userId: 'u1', blobId: 'B.jpeg', now };
  const gated = decideGate(facts({ nsfwLevel: 'xxx' }), viewer());
  const grant = { userId: 'u1', blobId: 'B.jpeg', tier: 2 as const, expiresAt: later };

  it('tier 0 needs no grant', () => {
    expect(fullBytesAllowed(decideGate(facts(), viewer('viewer')), request, null)).toBe(true);
  });

  it('gated media needs a live grant bound to this user, blob and tier', () => {
    expect(fullBytesAllowed(gated, request, null)).toBe(false);
    expect(fullBytesAllowed(gated, request, grant)).toBe(true);
    expect(fullBytesAllowed(gated, request, { ...grant, userId: 'u2' })).toBe(false);
    expect(fullBytesAllowed(gated, request, { ...grant, blobId: 'C.jpeg' })).toBe(false);
    expect(fullBytesAllowed(gated, request, { ...grant, expiresAt: now })).toBe(false);
  });

  it('a grant for a lower tier does not cover a blob whose tier has risen', () => {
    const hard = decideGate(facts({ blockedReason: 'ChildReference' }), viewer('senior'));
    expect(fullBytesAllowed(hard, request, grant)).toBe(false);
    expect(fullBytesAllowed(hard, request, { ...grant, tier: 3 })).toBe(true);
  });

  it('an unavailable blob is never served', () => {
    expect(fullBytesAllowed(decideGate(facts({ available: false }), viewer()), request, grant)).toBe(false);
  });
});

describe('checkRevealRequest', () => {
  it('refuses what needs no reveal, a role too low, a reason too short', () => {
    expect(checkRevealRequest(decideGate(facts(), viewer()), undefined)).toBe('not_gated');
    expect(checkRevealRequest(decideGate(facts({ nsfwLevel: 'xxx' }), viewer('viewer')), 'a long enough reason')).toBe(
      'role',
    );
    const tier2 = decideGate(facts({ nsfwLevel: 'xxx' }), viewer('moderator'));
    expect(checkRevealRequest(tier2, undefined)).toBe('reason');
    expect(checkRevealRequest(tier2, '   short  ')).toBe('reason');
    expect(checkRevealRequest(tier2, 'report 4411 evidence')).toBeNull();
  });

  it('tier 1 reveals on a click, without a reason, for any role', () => {
    expect(checkRevealRequest(decideGate(facts({ nsfwLevel: 'r' }), viewer('viewer')), undefined)).toBeNull();
  });

  it('the hard gate needs senior and a reason', () => {
    const hardFacts = facts({ scan: scanWith({ hive_csam_score: '99 %' }) });
    expect(checkRevealRequest(decideGate(hardFacts, viewer('moderator')), 'report 4411 evidence')).toBe('role');
    expect(checkRevealRequest(decideGate(hardFacts, viewer('senior')), '')).toBe('reason');
    expect(checkRevealRequest(decideGate(hardFacts, viewer('senior')), 'NCMEC report 4411')).toBeNull();
  });
});

describe('gate policy configuration', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_GATE_POLICY).toMatchObject({
      tierByLevel: { pg: 0, pg13: 0, r: 1, x: 1, xxx: 2, unscanned: 2 },
      nearBandTier: 2,
      blockedTier: 2,
      reasonRequiredFromTier: 2,
      grantMinutes: 10,
      hardGateGrantMinutes: 2,
    });
  });

  it('reads partial JSON', () => {
    const policy = gatePolicyFromJson.parse('{"tierByLevel":{"xxx":3},"grantMinutes":5}');
    expect(policy.tierByLevel).toMatchObject({ r: 1, xxx: 3 });
    expect(policy.grantMinutes).toBe(5);
  });

  it.each([
    ['not json', 'must be JSON: an object'],
    ['{"tierByLevel":{"unscanned":0}}', ''],
    ['{"tierByLevel":{"x":0}}', 'must not be a lower tier than r'],
    ['{"nearBandTier":1}', ''],
    ['{"blockedTier":0}', ''],
    ['{"tierByLevel":{"na":0}}', ''],
    ['{"hardGateGrantMinutes":120}', ''],
    ['{"surprise":true}', ''],
  ])('refuses %s', (json, message) => {
    const result = gatePolicyFromJson.safeParse(json);
    expect(result.success).toBe(false);
    if (message) expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('MEDIA_GATE_POLICY', () => {
  it('is read as a JSON setting and a bad value names the variable', async () => {
    const { readJsonSetting } = await import('../json-setting');
    expect(readJsonSetting('MEDIA_GATE_POLICY', gatePolicyFromJson, '{"tierByLevel":{"r":2,"x":2}}')?.tierByLevel.r).toBe(2);
    expect(readJsonSetting('MEDIA_GATE_POLICY', gatePolicyFromJson, undefined)).toBeUndefined();
    expect(() => readJsonSetting('MEDIA_GATE_POLICY', gatePolicyFromJson, '{"tierByLevel":{"unscanned":0}}')).toThrow(
      /^Invalid configuration: MEDIA_GATE_POLICY /,
    );
  });
});
