import { z } from 'zod';
import { jsonSetting } from '@/lib/json-setting';
import type { ReasonCode } from './reason-label';

export { reasonLabel, type ReasonCode } from './reason-label';

/**
 * Why a moderator flagged something. The list is an organisation policy: REVIEW_REASON_CODES (JSON) replaces the defaults.
 * Codes are stored with each decision, so a code once used must stay in the list for old decisions to keep their label.
 */

export const DEFAULT_REASON_CODES: readonly ReasonCode[] = [
  { code: 'minor_sexual', label: 'Sexual content involving minors' },
  { code: 'non_consensual', label: 'Non-consensual' },
  { code: 'violence', label: 'Violence' },
  { code: 'ip', label: 'Intellectual property' },
  { code: 'other', label: 'Other' },
];

export const reasonCodeSchema = z.string().regex(/^[a-z0-9_]{1,40}$/, 'a code is 1-40 of a-z, 0-9 and _');

const reasonCodeListSchema = z
  .array(z.object({ code: reasonCodeSchema, label: z.string().trim().min(1).max(80) }))
  .min(1, 'needs at least one reason')
  .max(30, 'at most 30 reasons')
  .refine((list) => new Set(list.map((reason) => reason.code)).size === list.length, 'codes must be unique');

/** REVIEW_REASON_CODES: a JSON array of {code, label}. */
export const reasonCodesFromJson = jsonSetting(reasonCodeListSchema, 'a JSON array of {"code","label"}');
