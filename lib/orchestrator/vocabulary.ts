/** The wire's vocabularies and limits (contract §3.1, §3.5, §3.6), without zod so browser code can use them cheaply. */
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 200;

/** WorkflowStatus values, shared by workflow, step and job on v2. */
export const WORKFLOW_STATUSES = [
  'unassigned',
  'preparing',
  'scheduled',
  'processing',
  'succeeded',
  'failed',
  'expired',
  'canceled',
] as const;

/** The message of a moderation gate decision: MOD caps it at 1000 characters (contract §2.4). */
export const MAX_GATE_MESSAGE = 1000;

/** A training step's moderation gate: v2 writes `underReview`, the manager API `UnderReview` (contract §3.6). */
export const MODERATION_STATUSES = ['evaluating', 'underReview', 'approved', 'rejected'] as const;
export type ModerationStatus = (typeof MODERATION_STATUSES)[number];
const moderationStatusByLower = new Map<string, ModerationStatus>(MODERATION_STATUSES.map((status) => [status.toLowerCase(), status]));

/** The canonical gate status of a wire value in any casing; undefined when it is none of them. */
export function toModerationStatus(value: unknown): ModerationStatus | undefined {
  return typeof value === 'string' ? moderationStatusByLower.get(value.trim().toLowerCase()) : undefined;
}

/** Severity order pg < pg13 < r < x < xxx; `na` = not rated (contract §3.5). */
export const NSFW_LEVELS = ['pg', 'pg13', 'r', 'x', 'xxx', 'na'] as const;
export type NsfwLevel = (typeof NSFW_LEVELS)[number];
const NSFW_ALIASES: Record<string, NsfwLevel> = { 'pg-13': 'pg13' };
const nsfwByLower = new Map<string, NsfwLevel>(NSFW_LEVELS.map((level) => [level, level]));

/** Canonical level for a wire value, or undefined when it is not one (never guessed). */
export function toNsfwLevel(value: unknown): NsfwLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return nsfwByLower.get(lower) ?? NSFW_ALIASES[lower];
}
