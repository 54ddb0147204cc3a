import { z } from 'zod';
import { isInvisible } from '@/lib/text/invisible';
import { isUserId } from './ids';
import { MAX_TAG_LENGTH, MAX_TAGS, WORKFLOW_STATUSES, caseInsensitiveEnum } from './schemas';
import type { WorkflowSearch } from './workflows';

/**
 * The workflow list's query parameters (GET /api/workflows and /api/users/[userId]/workflows), validated before any
 * upstream call: every message names the parameter, and nothing the browser typed is echoed back.
 */

export const MAX_TAKE = 100;
export const DEFAULT_TAKE = 50;
const MAX_QUERY_TEXT = 500;
const MAX_CURSOR = 8_192;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function hasInvisible(text: string): boolean {
  for (const char of text) if (isInvisible(char.codePointAt(0)!)) return true;
  return false;
}

const visibleText = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} is longer than ${max} characters`)
    .refine((text) => !hasInvisible(text), `${what} contains control or invisible characters`);

/** A Civitai user id: ASCII digits, no leading zero, within int4 (F-03, F-04). */
export const CivitaiUserIdSchema = z
  .string()
  .refine(isUserId, 'must be a Civitai user id: ASCII digits without leading zeros, at most 2147483647');

/** An integrator's end-user id, made into the tag `user:<id>` here, never by the browser. ASCII digits only. */
const endUser = z.string().regex(/^(0|[1-9]\d{0,18})$/, 'must be ASCII digits without leading zeros');

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A UTC date (the whole day: `from` at 00:00:00.000, `to` at 23:59:59.999) or an ISO instant with a zone.
 * Impossible dates (2026-02-30) and years outside 2000-2100 are refused rather than rolled over.
 */
function dateBound(bound: 'from' | 'to') {
  return z.string().transform((text, ctx) => {
    const dateOnly = DATE_ONLY.exec(text);
    const parts = dateOnly ?? INSTANT.exec(text);
    const fail = (message: string) => {
      ctx.issues.push({ code: 'custom', input: text, message });
      return z.NEVER;
    };
    if (!parts) return fail('must be a date (YYYY-MM-DD, UTC) or an ISO date-time with a zone');
    const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    if (year < MIN_YEAR || year > MAX_YEAR) return fail(`must be between ${MIN_YEAR} and ${MAX_YEAR}`);
    const calendar = new Date(Date.UTC(year, month - 1, day));
    if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return fail('is not a real date');
    const instant = dateOnly
      ? Date.UTC(year, month - 1, day) + (bound === 'to' ? 86_400_000 - 1 : 0)
      : Date.parse(text);
    if (Number.isNaN(instant)) return fail('is not a real date-time');
    return new Date(instant).toISOString();
  });
}

const take = z
  .string()
  .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_TAKE}`)
  .transform(Number)
  .refine((value) => value >= 1 && value <= MAX_TAKE, `must be a whole number from 1 to ${MAX_TAKE}`);

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const listFields = {
  tags: z.array(visibleText(MAX_TAG_LENGTH, 'a tag').pipe(z.string().min(1, 'a tag is empty'))).max(MAX_TAGS, `at most ${MAX_TAGS} tags`).optional(),
  endUser: endUser.optional(),
  q: visibleText(MAX_QUERY_TEXT, 'the text').optional(),
  from: dateBound('from').optional(),
  to: dateBound('to').optional(),
  status: caseInsensitiveEnum(WORKFLOW_STATUSES).optional(),
  excludeFailed: flag.optional(),
  order: z.enum(['newest', 'oldest']).optional(),
  take: take.optional(),
  cursor: z
    .string()
    .max(MAX_CURSOR, 'is not a cursor this console made')
    .regex(/^[A-Za-z0-9_.-]*$/, 'is not a cursor this console made')
    .optional(),
};

/** Risk filter and order: answered from the risk index (lib/risk-index/list.ts), not the upstream list. */
export interface RiskQuery {
  /** `near`: near, above or unscanned (never safe); `above`: above only. */
  minRisk: 'near' | 'above' | null;
  /** `risk`: worst first, then newest. */
  sort: 'risk' | null;
}

export interface ListRequest {
  search: WorkflowSearch;
  take: number;
  cursor: string | null;
  /** Null: the upstream list (items get their indexed risk attached). */
  risk: RiskQuery | null;
}

const riskFields = {
  minRisk: z.enum(['near', 'above'], 'must be near or above').optional(),
  sort: z.enum(['risk'], 'must be risk').optional(),
};

type RawList = z.output<z.ZodObject<typeof listFields>> & { userId?: string; minRisk?: RiskQuery['minRisk']; sort?: RiskQuery['sort'] };

function toListRequest(raw: RawList, ctx: z.RefinementCtx): ListRequest | typeof z.NEVER {
  const tags = [...new Set([...(raw.tags ?? []), ...(raw.endUser ? [`user:${raw.endUser}`] : [])])];
  if (tags.length > MAX_TAGS) {
    ctx.issues.push({ code: 'custom', path: ['tags'], input: tags, message: `at most ${MAX_TAGS} tags, the end user included` });
    return z.NEVER;
  }
  if (raw.from && raw.to && raw.from > raw.to) {
    ctx.issues.push({ code: 'custom', path: ['from'], input: raw.from, message: 'is after `to`' });
    return z.NEVER;
  }
  const q = raw.q?.trim();
  return {
    search: {
      userId: raw.userId ?? null,
      tags,
      q: q ? q : null,
      from: raw.from ?? null,
      to: raw.to ?? null,
      status: raw.status ?? null,
      excludeFailed: raw.excludeFailed ?? false,
      order: raw.order ?? 'newest',
    },
    take: raw.take ?? DEFAULT_TAKE,
    cursor: raw.cursor ? raw.cursor : null,
    risk: raw.minRisk || raw.sort ? { minRisk: raw.minRisk ?? null, sort: raw.sort ?? null } : null,
  };
}

/** GET /api/workflows: `userId` switches to the per-user (manager) list; `minRisk` or `sort` to the risk index. */
export const WorkflowListQuerySchema = z
  .object({ ...listFields, ...riskFields, userId: CivitaiUserIdSchema.optional() })
  .transform(toListRequest);

/** GET /api/users/[userId]/workflows: the route sets the user from its path. */
export const UserWorkflowListQuerySchema = z.object(listFields).transform(toListRequest);

/** Query keys that may repeat. */
export const LIST_REPEATABLE = ['tags'] as const;
