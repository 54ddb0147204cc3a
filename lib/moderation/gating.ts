import { z } from 'zod';
import { can, type Role } from '../auth/roles';
import { jsonSetting } from '@/lib/json-setting';
import type { ReviewerPreferences } from './preferences';
import { parseBlockedReason } from '../orchestrator/blocked-reason';
import { hashMatchReason, type HashListMatch } from '@/lib/hash-lists/match-facts';
import type { OutputScan } from './read-model';
import { RATED_LEVELS, type RatedLevel } from './scan';

/**
 * The media gate: how much of one blob a reviewer may see before, and after, a reveal.
 *
 *   tier 0  shown plainly
 *   tier 1  a blurred preview rendered on the server; reveal on click (any signed-in reviewer)
 *   tier 2  no pixels at all (a text placeholder); reveal needs the moderator role and an audit row
 *   tier 3  hard gate (likely CSAM): no pixels, no preview; reveal needs the senior role, a typed reason, briefly
 *
 * Which NSFW level falls in which tier is organisation policy (MEDIA_GATE_POLICY). The floors below are not:
 * a "near" CSAM score and any block are at least tier 2; an "above" CSAM score, a CSAM-type block, and an output
 * whose scan cannot be read or that cannot be placed in a job, and an output matching an imported hash list are tier 3. A reviewer's preferences can only raise a tier. Pure: the media routes, the reveal action and
 * the tiles all ask the same function.
 */

export const GATE_TIERS = [0, 1, 2, 3] as const;
export type GateTier = (typeof GATE_TIERS)[number];

export type RevealRequirement = 'none' | 'click' | 'moderator' | 'senior+reason';

const tier = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
const gatedTier = z.union([z.literal(2), z.literal(3)]);

/**
 * Blocked reasons that mean suspected child sexual abuse material (contract §3.4 vocabulary). `Bestiality` is
 * blocked but not CSAM-type, so it is tier 2 unless an organisation adds it here. A reason that is not in the list
 * but names a child or a minor is treated as CSAM-type too: the orchestrator adds reasons without notice.
 */
export const DEFAULT_HARD_GATE_REASONS = ['ChildReference', 'Child Sexual - Anime', 'Child Sexual - Realistic'];
const CHILD_WORDS = /child|minor|underage/;

export const gatePolicySchema = z
  .object({
    tierByLevel: z
      .object({
        pg: tier.default(0),
        pg13: tier.default(0),
        r: tier.default(1),
        x: tier.default(1),
        xxx: tier.default(2),
        // Unrated is never safe: at least no pixels.
        unscanned: gatedTier.default(2),
      })
      .strict()
      .default({ pg: 0, pg13: 0, r: 1, x: 1, xxx: 2, unscanned: 2 }),
    /** Tier for a CSAM score in the "near" band. */
    nearBandTier: gatedTier.default(2),
    /** Tier for a block whose reason is not CSAM-type (e.g. Bestiality, RatedLevel, MatureContent). */
    blockedTier: gatedTier.default(2),
    hardGateReasons: z.array(z.string().trim().min(1)).default(DEFAULT_HARD_GATE_REASONS),
    /** From which tier a reveal needs a typed reason (TEST-PLAN F-33 asks it of tier 2). */
    reasonRequiredFromTier: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
    minReasonLength: z.int().min(3).max(200).default(8),
    /** How long a reveal lasts. */
    grantMinutes: z.int().min(1).max(60).default(10),
    hardGateGrantMinutes: z.int().min(1).max(15).default(2),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const levels = RATED_LEVELS;
    levels.slice(1).forEach((level, index) => {
      if (policy.tierByLevel[level] < policy.tierByLevel[levels[index]!]) {
        ctx.addIssue({
          code: 'custom',
          path: ['tierByLevel', level],
          message: `must not be a lower tier than ${levels[index]}`,
        });
      }
    });
  });

export type GatePolicy = z.output<typeof gatePolicySchema>;

export const DEFAULT_GATE_POLICY: GatePolicy = gatePolicySchema.parse({});

/** MEDIA_GATE_POLICY as the env schema reads it: JSON with any subset of the policy's fields. */
export const gatePolicyFromJson = jsonSetting(gatePolicySchema, 'an object, e.g. {"tierByLevel":{"r":2}}');

/** What the gate needs of one output: a subset of the read model's OutputRisk. */
export interface MediaGateFacts {
  /** The blob's own level (workflow output or the probe's x-nsfw-level). */
  nsfwLevel: RatedLevel | 'unscanned';
  blockedReason: string | null;
  /** `unknown` when the blob could not be probed. */
  available: boolean | 'unknown';
  /** The output's own scan; null when its job could not be read or it could not be placed in a job. */
  scan: OutputScan | null;
  /** Why `scan` is null, in the moderator's words. */
  scanMissing?: string | null;
  /** Imported hash-list entries the output's PDQ hash is within the match distance of: each is a hard gate. */
  hashMatches: readonly HashListMatch[];
}

export interface GateViewer {
  role: Role;
  preferences: Pick<ReviewerPreferences, 'matureTiles'>;
}

export interface GateDecision {
  tier: GateTier;
  /** False when the orchestrator marks the output unavailable: nothing to fetch, nothing to reveal. */
  available: boolean;
  /** The organisation's tier, before the viewer's preferences raised it. */
  policyTier: GateTier;
  /** May the server render a blurred preview without a grant? */
  previewAllowed: boolean;
  /** May the full bytes be served without a grant? Tier 0 only. */
  fullBytesWithoutGrant: boolean;
  revealRequires: RevealRequirement;
  /** A reveal needs a typed reason of at least `minReasonLength` characters. */
  reasonRequired: boolean;
  minReasonLength: number;
  /** Whether this viewer's role is enough to reveal (a reason may still be needed). */
  canReveal: boolean;
  /** Lifetime of a reveal grant for this blob. */
  grantSeconds: number;
  /** Why, in the moderator's words, most severe first. */
  reasons: string[];
}

interface Finding {
  tier: GateTier;
  reason: string;
}

function normaliseReason(reason: string): string {
  return reason.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isHardGateReason(reason: string, policy: GatePolicy): boolean {
  const normalised = normaliseReason(reason);
  return CHILD_WORDS.test(normalised) || policy.hardGateReasons.some((listed) => normaliseReason(listed) === normalised);
}

function levelFinding(level: RatedLevel | 'unscanned', policy: GatePolicy, source: string): Finding {
  if (level === 'unscanned') return { tier: policy.tierByLevel.unscanned, reason: `${source}: not rated` };
  return { tier: policy.tierByLevel[level], reason: `${source}: rated ${level.toUpperCase()}` };
}

function blockFinding(reason: string, policy: GatePolicy, source: string): Finding {
  return isHardGateReason(reason, policy)
    ? { tier: 3, reason: `${source}: blocked as "${reason}" (CSAM-type)` }
    : { tier: policy.blockedTier, reason: `${source}: blocked as "${reason}"` };
}

function formatPercent(percent: number | null): string {
  return percent === null ? '' : ` (${percent.toFixed(2)} %)`;
}

/** No evidence is never safe: an output without a readable scan of its own is hard-gated (tier 3). */
function scanFindings(facts: MediaGateFacts, policy: GatePolicy): Finding[] {
  const { scan } = facts;
  if (scan === null) return [{ tier: 3, reason: facts.scanMissing ?? 'Scan evidence unavailable' }];
  const findings: Finding[] = [];
  const score = formatPercent(scan.csamPercent);
  const whose = scan.csamScope === 'output' ? 'CSAM score' : "Job's worst CSAM score";
  if (scan.csamBand === 'above') findings.push({ tier: 3, reason: `${whose}${score} above the hard-gate threshold` });
  if (scan.csamBand === 'near') findings.push({ tier: policy.nearBandTier, reason: `${whose}${score} near the threshold` });
  if (!scan.readable) findings.push({ tier: 3, reason: 'Scan unavailable: CSAM score missing or unreadable' });
  if (scan.blockedReason !== null) findings.push(blockFinding(scan.blockedReason, policy, 'Job scan'));
  // The job-level rating can only add to the blob's own; an unrated job says nothing about a rated blob.
  if (scan.nsfwLevel !== 'unscanned') findings.push(levelFinding(scan.nsfwLevel, policy, 'Job scan'));
  return findings;
}

function revealRequirement(tier: GateTier): RevealRequirement {
  return (['none', 'click', 'moderator', 'senior+reason'] as const)[tier];
}

function roleMayReveal(role: Role, tier: GateTier): boolean {
  if (tier === 3) return can(role, 'revealHardGatedMedia');
  if (tier === 2) return can(role, 'revealGatedMedia');
  return true;
}

export function decideGate(facts: MediaGateFacts, viewer: GateViewer, policy: GatePolicy = DEFAULT_GATE_POLICY): GateDecision {
  // A known image on an imported list is the plainest reason there is: its findings come first among tier 3's.
  const findings: Finding[] = [
    ...facts.hashMatches.map((match): Finding => ({ tier: 3, reason: hashMatchReason(match) })),
    levelFinding(facts.nsfwLevel, policy, 'Blob'),
  ];
  // Upstream layers may hand over the wire's literal "none"; read it the one way civitai does.
  const blockedReason = parseBlockedReason(facts.blockedReason);
  if (blockedReason !== null) findings.push(blockFinding(blockedReason, policy, 'Blob'));
  findings.push(...scanFindings(facts, policy));

  const policyTier = Math.max(...findings.map((finding) => finding.tier)) as GateTier;
  let tier = policyTier;
  if (tier === 1 && viewer.preferences.matureTiles === 'hidden') {
    tier = 2;
    findings.push({ tier: 2, reason: 'Your preference hides mature tiles' });
  }
  const reasons = findings
    .filter((finding) => finding.tier > 0)
    .sort((a, b) => b.tier - a.tier)
    .map((finding) => finding.reason);
  if (facts.available === false) reasons.unshift('The orchestrator marks this output unavailable');

  const available = facts.available !== false;
  return {
    tier,
    available,
    policyTier,
    previewAllowed: available && tier <= 1,
    fullBytesWithoutGrant: available && tier === 0,
    revealRequires: revealRequirement(tier),
    reasonRequired: tier >= policy.reasonRequiredFromTier,
    minReasonLength: policy.minReasonLength,
    canReveal: available && tier > 0 && roleMayReveal(viewer.role, tier),
    grantSeconds: (tier === 3 ? policy.hardGateGrantMinutes : policy.grantMinutes) * 60,
    reasons,
  };
}

/** A stored reveal grant as the gate sees it. */
export interface RevealGrantFacts {
  userId: string;
  blobId: string;
  /** The tier the grant was given for: a grant does not cover a blob whose tier has since risen. */
  tier: GateTier;
  expiresAt: Date;
}

/** Full bytes for this user and blob, now? Tier 0 needs nothing; anything else a live grant for at least this tier. */
export function fullBytesAllowed(
  decision: GateDecision,
  request: { userId: string; blobId: string; now: Date },
  grant: RevealGrantFacts | null,
): boolean {
  if (decision.fullBytesWithoutGrant) return true;
  if (grant === null || decision.revealRequires === 'none') return false;
  return (
    grant.userId === request.userId &&
    grant.blobId === request.blobId &&
    grant.tier >= decision.tier &&
    grant.expiresAt.getTime() > request.now.getTime()
  );
}

export type RevealRefusal = 'unavailable' | 'not_gated' | 'role' | 'reason';

/** Checks a reveal request against the decision; null means it may proceed (audit first, then the grant). */
export function checkRevealRequest(decision: GateDecision, reason: string | undefined): RevealRefusal | null {
  if (!decision.available) return 'unavailable';
  if (decision.revealRequires === 'none') return 'not_gated';
  if (!decision.canReveal) return 'role';
  if (decision.reasonRequired && (reason ?? '').trim().length < decision.minReasonLength) return 'reason';
  return null;
}
