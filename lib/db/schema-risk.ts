import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The risk index: what the upstream said about each workflow and each output, stored so lists, queues and the media
 * gate see risk without an upstream read per row. Facts only (raw percents, levels, reasons), never a band or a
 * tier: bands are derived at query time from the thresholds in force, tiers per viewer (shared/RISK-INDEX.md).
 */

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const indexedWorkflow = pgTable(
  'indexed_workflow',
  {
    id: text('id').primaryKey(),
    /** The Civitai user from the id's prefix; null for an id of unknown shape. */
    ownerId: bigint('owner_id', { mode: 'number' }),
    /** The integrator's end user, from the `user:<id>` tag. */
    endUser: text('end_user'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** Workflow metadata flattened to lower-case text, for the list's text search. */
    metadataText: text('metadata_text').notNull().default(''),
    status: text('status').notNull(),
    createdAt: at('created_at').notNull(),
    completedAt: at('completed_at'),
    outputCount: integer('output_count').notNull(),
    /** Highest readable CSAM percent over the outputs; null when none was readable. */
    worstCsam: doublePrecision('worst_csam'),
    /** Outputs whose CSAM score could not be read or placed (never safe). */
    unreadableOutputs: integer('unreadable_outputs').notNull(),
    /** A step's moderation gate reads under review upstream (contract §2.4): the "Pending moderation gates" queue. */
    pendingModerationGate: boolean('pending_moderation_gate').notNull().default(false),
    indexedAt: at('indexed_at').notNull(),
    /** What read it last: backfill, follower, watch, callback, drilldown. */
    source: text('source').notNull(),
  },
  (table) => [
    index('indexed_workflow_risk').on(table.worstCsam.desc(), table.createdAt.desc()).where(sql`${table.worstCsam} is not null`),
    index('indexed_workflow_unreadable').on(table.createdAt.desc()).where(sql`${table.unreadableOutputs} > 0`),
    index('indexed_workflow_pending_gate').on(table.createdAt.desc(), table.id.desc()).where(sql`${table.pendingModerationGate}`),
    index('indexed_workflow_owner').on(table.ownerId, table.createdAt.desc()),
    index('indexed_workflow_end_user').on(table.endUser, table.createdAt.desc()),
    index('indexed_workflow_created').on(table.createdAt.desc()),
    // The live queue reads what was indexed after a point (lib/risk-index/live.ts).
    index('indexed_workflow_indexed').on(table.indexedAt, table.id),
    index('indexed_workflow_tags').using('gin', table.tags),
  ],
);

export const indexedOutput = pgTable(
  'indexed_output',
  {
    blobId: text('blob_id').primaryKey(),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => indexedWorkflow.id, { onDelete: 'cascade' }),
    jobId: text('job_id'),
    stepName: text('step_name').notNull(),
    /** Its index in the workflow's outputs (display order). */
    ordinal: integer('ordinal').notNull(),
    /** Its index among its job's outputs; null when it could not be placed. */
    position: integer('position'),
    mediaType: text('media_type').notNull(),
    /** 'true' | 'false' | 'unknown'. */
    available: text('available').notNull(),
    nsfwLevel: text('nsfw_level').notNull(),
    blockedReason: text('blocked_reason'),
    /** False: its job could not be read or it could not be placed in one (the gate hard-gates it). */
    scanRead: boolean('scan_read').notNull(),
    scanMissing: text('scan_missing'),
    csamPercent: doublePrecision('csam_percent'),
    csamRaw: text('csam_raw'),
    /** 'output' | 'job' (see OutputScan.csamScope). */
    csamScope: text('csam_scope'),
    csamReadable: boolean('csam_readable').notNull(),
    vlm: text('vlm').array().notNull().default(sql`'{}'::text[]`),
    childFindings: text('child_findings').array().notNull().default(sql`'{}'::text[]`),
    promptFlags: text('prompt_flags').array().notNull().default(sql`'{}'::text[]`),
    jobBlockedReason: text('job_blocked_reason'),
    jobNsfwLevel: text('job_nsfw_level'),
    /** The workflow's creation time, copied so retention and time windows need no join. */
    createdAt: at('created_at').notNull(),
    indexedAt: at('indexed_at').notNull(),
  },
  (table) => [
    index('indexed_output_workflow').on(table.workflowId),
    index('indexed_output_risk').on(table.csamPercent.desc(), table.createdAt.desc()).where(sql`${table.csamPercent} is not null`),
    // The overview's windows: every column its band counts and risky-output scan read, so the index alone answers them.
    index('indexed_output_window').on(table.createdAt, table.csamPercent, table.scanRead, table.csamReadable, table.workflowId),
  ],
);

/** Civitai users whose workflows the index follows through the manager endpoint. */
export const watchedUser = pgTable('watched_user', {
  userId: bigint('user_id', { mode: 'number' }).primaryKey(),
  addedById: text('added_by_id'),
  addedAt: at('added_at').notNull().defaultNow(),
  /** searched, opened, decided, or an admin's words. */
  reason: text('reason').notNull(),
});

/**
 * Units of indexing work (a backfill slice, the follower, a watched user's history), claimed with a lease so any
 * number of console instances share them: a dead instance's lease runs out and another takes the unit over,
 * resuming from `state` (the last cursor).
 */
export const indexWork = pgTable(
  'index_work',
  {
    key: text('key').primaryKey(),
    kind: text('kind').notNull(),
    priority: integer('priority').notNull().default(100),
    state: jsonb('state').notNull().default(sql`'{}'::jsonb`),
    holder: text('holder'),
    leaseUntil: at('lease_until'),
    done: boolean('done').notNull().default(false),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [index('index_work_pending').on(table.priority, table.key).where(sql`not ${table.done}`)],
);
