import { z } from 'zod';
import { EnvError } from './env-error';

export { EnvError };

/**
 * The console's configuration, as a pure schema so it can be unit-tested without the process environment.
 * lib/env.ts reads it once on the server; nothing here may be imported by client code.
 */

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .transform((value) => value.replace(/\/+$/, ''));

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL');

const percent = z.coerce.number().min(0, 'must be 0-100').max(100, 'must be 0-100');

const positiveInt = (max: number) => z.coerce.number().int('must be a whole number').min(1).max(max);

const DEV_ONLY_SECRET = 'dev-only-insecure-secret-change-me-0123456789';

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    CIVITAI_API_URL: httpUrl.default('http://127.0.0.1:4010'),
    CIVITAI_API_TOKEN: z.string().trim().min(8, 'must be at least 8 characters').optional(),
    DATABASE_URL: postgresUrl.optional(),
    PGLITE_DIR: z.string().min(1).default('.data/pglite'),
    BETTER_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_ONLY_SECRET),
    BETTER_AUTH_URL: httpUrl.default('http://localhost:3000'),
    CSAM_NEAR_THRESHOLD: percent.default(10),
    CSAM_ABOVE_THRESHOLD: percent.default(50),
    UPSTREAM_CONCURRENCY: positiveInt(64).default(8),
    UPSTREAM_TIMEOUT_MS: positiveInt(60_000).default(15_000),
    UPSTREAM_DEADLINE_MS: positiveInt(120_000).default(25_000),
    SESSION_IDLE_MINUTES: positiveInt(24 * 60).default(30),
    SESSION_MAX_HOURS: positiveInt(7 * 24).default(12),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    CONSOLE_UPSTREAM_KIND: z.enum(['emulator', 'real']).optional(),
    // Flag reasons a moderator picks from (JSON, read by lib/review/reason-codes.ts; instrumentation.ts checks it at start).
    REVIEW_REASON_CODES: z.string().optional(),
    // Media gate policy (JSON, read by lib/moderation/gating.ts; instrumentation.ts checks it at start).
    MEDIA_GATE_POLICY: z.string().optional(),
    // Sign-in attempts per client address per minute (better-auth's limiter; in the database, so shared by instances).
    SIGN_IN_RATE_LIMIT: positiveInt(10_000).default(10),
    // Failed sign-ins for one account from one client address (15 minutes) before the back-off starts (lib/auth/throttle.ts).
    SIGN_IN_FAILURE_LIMIT: positiveInt(1_000).default(5),
    // The risk index (lib/risk-index): on unless `false`; its backfill window, slice, poll, retention and upstream share.
    INDEX_ENABLED: z.enum(['true', 'false'], 'must be true or false').default('true').transform((value) => value === 'true'),
    INDEX_BACKFILL_DAYS: positiveInt(365).default(7),
    INDEX_SLICE_MINUTES: positiveInt(7 * 24 * 60).default(60),
    INDEX_POLL_SECONDS: positiveInt(3_600).default(5),
    INDEX_RETENTION_DAYS: positiveInt(3_650).default(30),
    // Concurrent upstream calls of the indexer; unset = UPSTREAM_CONCURRENCY - 1, so one slot is always a moderator's.
    INDEX_CONCURRENCY: positiveInt(64).optional(),
    // Minutes a reviewer's claim on a queue item lasts without a renewal (lib/review/claims.ts).
    CLAIM_MINUTES: positiveInt(60).default(5),
    // Tier-2/3 reveals a reviewer may make per UTC day before a senior must approve more; unset = no cap.
    REVEAL_DAILY_CAP: positiveInt(100_000).optional(),
    // Shared secret of the upstream's workflow callbacks (POST /api/webhooks/orchestrator); unset = the route is 404.
    ORCHESTRATOR_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.CSAM_NEAR_THRESHOLD >= env.CSAM_ABOVE_THRESHOLD) {
      ctx.addIssue({
        code: 'custom',
        path: ['CSAM_NEAR_THRESHOLD'],
        message: 'must be below CSAM_ABOVE_THRESHOLD',
      });
    }
    if (env.INDEX_RETENTION_DAYS < env.INDEX_BACKFILL_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['INDEX_RETENTION_DAYS'], message: 'must be at least INDEX_BACKFILL_DAYS' });
    }
    if (env.NODE_ENV === 'production' && env.BETTER_AUTH_SECRET === DEV_ONLY_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['BETTER_AUTH_SECRET'],
        message: 'must be set in production (32+ random characters)',
      });
    }
  });

export type ConsoleEnv = z.infer<typeof envSchema>;


/** Parses a raw environment; throws one readable EnvError naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined>): ConsoleEnv {
  // Empty strings mean "not set", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new EnvError(String(issue.path[0] ?? 'environment'), issue.message);
}
