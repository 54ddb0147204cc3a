import { z } from 'zod';
import { EnvError } from './env-error';

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

const parsed = new Map<string, unknown>();

/**
 * A JSON setting's value, parsed by the layer that owns it (env.ts keeps the raw text, so configuration stays below
 * every policy); unset is undefined, a bad value throws an EnvError naming the variable. Parsed once per value.
 */
export function readJsonSetting<T>(variable: string, setting: z.ZodType<T, string>, raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  const key = `${variable}\u0000${raw}`;
  if (parsed.has(key)) return parsed.get(key) as T;
  const result = setting.safeParse(raw);
  if (!result.success) throw new EnvError(variable, result.error.issues[0]!.message);
  parsed.set(key, result.data);
  return result.data;
}
