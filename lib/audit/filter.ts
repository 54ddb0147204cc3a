import { z } from 'zod';

/**
 * What the audit log records and how it can be filtered. Plain TypeScript (no server-only): the audit page, the CSV
 * route and the DAL share the one filter schema, so a URL means the same rows on screen and in the export.
 */

export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'session_revoke',
  'password_change',
  'reveal',
  'reveal_denied',
  'media_download',
  'decision',
  'tag_add',
  'tag_remove',
  'cancel',
  'taint',
  'role_change',
  'user_disable',
  'user_enable',
  'user_invite',
  'export',
  'access_denied',
  'user_unwatch',
  'strikes_review',
  'user_watch',
  'moderation_gate',
  'sso_sign_in',
  'sso_sign_in_refused',
  'sso_role_change',
  'hash_list_import',
  'hash_list_delete',
  'hash_match',
  'claim_take_over',
  'exposure_approval',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ['workflow', 'job', 'blob', 'user', 'session', 'hash_list'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => value || undefined)
    .optional();

// An empty form field ("any") means no filter; anything else must be one of the known values.
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.enum(values).optional());

// A bare date means the whole day: `from` its first instant, `to` its last (UTC).
const dayOrInstant = (edge: 'start' | 'end') =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
      const instant = new Date(text);
      if (Number.isNaN(instant.getTime()) || instant.getUTCFullYear() < 2000 || instant.getUTCFullYear() > 2100) {
        ctx.addIssue({ code: 'custom', message: 'must be a date (YYYY-MM-DD) or an ISO time' });
        return z.NEVER;
      }
      return instant;
    })
    .optional();

export const auditFilterSchema = z
  .object({
    /** The moderator: their email (exact, case-insensitive) or user id. */
    actor: optionalText(320),
    action: choice(AUDIT_ACTIONS),
    targetType: choice(AUDIT_TARGET_TYPES),
    targetId: optionalText(512),
    from: dayOrInstant('start'),
    to: dayOrInstant('end'),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, { message: '"from" must not be after "to"', path: ['from'] });

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Reads a filter from URL search parameters (the first value of each); unknown keys are ignored. */
export function parseAuditFilter(params: URLSearchParams): { ok: true; filter: AuditFilter } | { ok: false; message: string } {
  const raw = Object.fromEntries(['actor', 'action', 'targetType', 'targetId', 'from', 'to'].map((key) => [key, params.get(key) ?? undefined]));
  const parsed = auditFilterSchema.safeParse(raw);
  if (parsed.success) return { ok: true, filter: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `${String(issue.path[0] ?? 'filter')} ${issue.message}` };
}

/** The filter back as search parameters (for links to the next page and to the CSV export). */
export function auditFilterParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  if (filter.targetType) params.set('targetType', filter.targetType);
  if (filter.targetId) params.set('targetId', filter.targetId);
  if (filter.from) params.set('from', filter.from.toISOString());
  if (filter.to) params.set('to', filter.to.toISOString());
  return params;
}
