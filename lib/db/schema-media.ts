import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The media gate's tables. A reveal grant lets one reviewer, in one session, fetch one blob's full bytes until it
 * expires (minutes); it is written only after its audit row, whose id it carries. Preferences are one row per
 * reviewer, stored as the JSON the settings schema reads (lib/moderation/preferences.ts), so a new setting needs no
 * migration and an unreadable one falls back to its safe default.
 */
export const revealGrant = pgTable(
  'reveal_grant',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    // Signing out ends the grant with the session.
    sessionId: text('session_id').notNull(),
    blobId: text('blob_id').notNull(),
    /** The tier the reveal was granted for; it does not cover a blob whose tier has since risen. */
    tier: integer('tier').notNull(),
    auditEventId: bigint('audit_event_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('reveal_grant_lookup_idx').on(table.userId, table.blobId, table.expiresAt),
    index('reveal_grant_expires_idx').on(table.expiresAt),
    check('reveal_grant_tier', sql`${table.tier} between 1 and 3`),
    check('reveal_grant_lifetime', sql`${table.expiresAt} > ${table.createdAt}`),
  ],
);

export const reviewerPreferences = pgTable('reviewer_preferences', {
  userId: text('user_id').primaryKey(),
  preferences: jsonb('preferences').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const mediaSchema = { revealGrant, reviewerPreferences };
