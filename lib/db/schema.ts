import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { ROLES } from '../auth/roles';

/**
 * The console's tables, all in one schema (search_path decides which: `public` in production, a schema per test run).
 * user / session / account / verification / rateLimit follow better-auth's core model (the drizzle adapter maps
 * them by these property names); the extra columns are ours. Migrations are generated from this file by drizzle-kit.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

const roleList = ROLES.map((role) => `'${role}'`).join(', ');

export const user = pgTable(
  'user',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    role: text('role').notNull().default('viewer'),
    // A disabled moderator cannot sign in and every session of theirs is refused (and deleted) on its next use.
    disabled: boolean('disabled').notNull().default(false),
    // The emergency admin of SSO_ONLY=true: the one kind of account still allowed to sign in with a password, and
    // never through the identity provider. Set only by `npm run user:create -- --break-glass`.
    breakGlass: boolean('break_glass').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [check('user_role_known', sql.raw(`${table.role.name} in (${roleList})`))],
);

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    // Absolute end: created_at + SESSION_MAX_HOURS. better-auth never slides it (session refresh is off).
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    // Idle timeout: the console moves this forward (at most once a minute) on each authenticated request.
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('session_user_id_idx').on(table.userId)],
);

export const account = pgTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('account_user_id_idx').on(table.userId)],
);

export const verification = pgTable(
  'verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('verification_identifier_idx').on(table.identifier)],
);

/** better-auth's rate-limit counters, in the database so several console instances share one budget. */
export const rateLimit = pgTable('rate_limit', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: bigint('last_request', { mode: 'number' }).notNull(),
});

/**
 * The audit log. Append-only: the code has no update or delete path, and a trigger (migration 0001) refuses
 * UPDATE, DELETE and TRUNCATE. The actor's email and role are copied so a row stays readable after a role change.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // clock_timestamp(), not now(): two events in one transaction still get their own instants.
    at: timestamp('at', { withTimezone: true, precision: 6 }).notNull().default(sql`clock_timestamp()`),
    actorId: text('actor_id'),
    actorEmail: text('actor_email'),
    actorRole: text('actor_role'),
    sessionId: text('session_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    // The workflow a blob or job belongs to, so "viewed by" on a workflow finds reveals of its media.
    workflowId: text('workflow_id'),
    reason: text('reason'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    ip: text('ip'),
    requestId: text('request_id'),
  },
  (table) => [
    index('audit_event_at_idx').on(table.at),
    index('audit_event_actor_idx').on(table.actorId, table.id),
    index('audit_event_target_idx').on(table.targetType, table.targetId),
    index('audit_event_action_idx').on(table.action, table.id),
    // Partial: most events carry no workflow, and every index is paid for on each insert.
    index('audit_event_workflow_idx').on(table.workflowId).where(sql`${table.workflowId} is not null`),
  ],
);

export const schema = { user, session, account, verification, rateLimit, auditEvent };
export type Schema = typeof schema;
