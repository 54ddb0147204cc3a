import { z } from 'zod';
import { ROLES } from './auth/roles';
import { EnvError } from './env-error';
import { jsonSetting } from './json-setting';

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

const trueOrFalse = z.enum(['true', 'false'], 'must be true or false').transform((value) => value === 'true');

// Email domains a company sign-in may come from: "example.com,example.org" (lowercase, no "@").
const domainList = z
  .string()
  .transform((text) => text.split(',').map((domain) => domain.trim().toLowerCase()).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a comma-separated list of domains (example.com,example.org)'))
      .min(1, 'must name at least one domain'),
  );

// Identity-provider groups to console roles: {"<group>": "viewer|moderator|senior|admin"}.
const roleByGroup = jsonSetting(
  z.record(z.string().min(1, 'group names must not be empty'), z.enum(ROLES, 'maps groups to viewer, moderator, senior or admin')),
  '{"trust-safety":"moderator","ts-leads":"senior","console-admins":"admin"}',
);

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

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
    INDEX_ENABLED: trueOrFalse.default(true),
    INDEX_BACKFILL_DAYS: positiveInt(365).default(7),
    INDEX_SLICE_MINUTES: positiveInt(7 * 24 * 60).default(60),
    INDEX_POLL_SECONDS: positiveInt(3_600).default(5),
    INDEX_RETENTION_DAYS: positiveInt(3_650).default(30),
    // Concurrent upstream calls of the indexer; unset = UPSTREAM_CONCURRENCY - 1, so one slot is always a moderator's.
    INDEX_CONCURRENCY: positiveInt(64).optional(),
    // Bits (of 256) within which an output's PDQ hash matches an imported hash list entry (lib/hash-lists). Up to 47:
    // the band lookup's probes grow steeply past it, and far hashes are different images anyway.
    HASH_MATCH_MAX_DISTANCE: z.coerce.number().int('must be a whole number').min(0, 'must be 0-47').max(47, 'must be 0-47').default(31),
    // Hash-list entries each console process holds in memory for matching (about 100 bytes each); lists past it are
    // matched in the database (lib/hash-lists/lists-in-memory.ts). 0 keeps every list in the database.
    HASH_LIST_MEMORY_ENTRIES: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(2_000_000),
    // Minutes a reviewer's claim on a queue item lasts without a renewal (lib/review/claims.ts).
    CLAIM_MINUTES: positiveInt(60).default(5),
    // Tier-2/3 reveals a reviewer may make per UTC day before a senior must approve more; unset = no cap.
    REVEAL_DAILY_CAP: positiveInt(100_000).optional(),
    // Shared secret of the upstream's workflow callbacks (POST /api/webhooks/orchestrator); unset = the route is 404.
    ORCHESTRATOR_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    // Company sign-in (OpenID Connect, lib/auth/sso.ts): on when SSO_ISSUER is set; the rest is then required.
    SSO_ISSUER: httpUrl.optional(),
    SSO_CLIENT_ID: z.string().trim().min(1).optional(),
    SSO_CLIENT_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
    SSO_ALLOWED_DOMAINS: domainList.optional(),
    SSO_SCOPES: z.string().trim().regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be space-separated scopes').default('openid email profile'),
    SSO_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
    SSO_ROLE_GROUPS: roleByGroup.default({}),
    // Password sign-in refused (and hidden) for everyone but break-glass admins (npm run user:create -- --break-glass).
    SSO_ONLY: trueOrFalse.default(false),
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
    if (env.SSO_ISSUER) {
      for (const required of ['SSO_CLIENT_ID', 'SSO_CLIENT_SECRET', 'SSO_ALLOWED_DOMAINS'] as const) {
        if (env[required] === undefined) ctx.addIssue({ code: 'custom', path: [required], message: 'must be set when SSO_ISSUER is set' });
      }
      // The ID token's keys and the client secret travel over this connection: only a loopback test provider may skip TLS.
      if (env.NODE_ENV === 'production' && !env.SSO_ISSUER.startsWith('https:') && !isLoopback(env.SSO_ISSUER)) {
        ctx.addIssue({ code: 'custom', path: ['SSO_ISSUER'], message: 'must be an https URL in production' });
      }
    } else if (env.SSO_ONLY) {
      ctx.addIssue({ code: 'custom', path: ['SSO_ONLY'], message: 'needs SSO_ISSUER (and its client) to be set' });
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
