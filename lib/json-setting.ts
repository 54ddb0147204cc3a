import { z } from 'zod';

/**
 * A configuration variable holding JSON, read as `schema` (REVIEW_REASON_CODES, MEDIA_GATE_POLICY, ...): text that
 * is not JSON fails with `hint`, JSON that does not fit fails with the schema's own message.
 */
export function jsonSetting<T extends z.ZodType>(schema: T, hint: string) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be JSON: ${hint}` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
