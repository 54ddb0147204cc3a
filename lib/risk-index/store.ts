import 'server-only';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { indexedOutput, indexedWorkflow } from '@/lib/db/schema-risk';
import { hasPendingModerationGate } from '@/lib/moderation/moderation-gate';
import { matchesOfOutputs } from '@/lib/hash-lists/matches';
import { riskFacts, type HashMatchLookups, type IndexedRiskFacts, type OutputRisk } from '@/lib/moderation/read-model';
import { parseNsfwLevel, scoreBand, type CsamThresholds } from '@/lib/moderation/scan';
import type { MediaType, Workflow } from '@/lib/orchestrator/types';
import type { Executor } from './work';

/**
 * The risk index's data access: writes the read model's facts for a workflow and its outputs, and reads them back
 * for lists, queues and the media gate. Every write is an idempotent upsert keyed by workflow and blob id, so a
 * slice read twice, an overlap or a replayed callback costs a write, never a duplicate.
 */

export type IndexSource = 'backfill' | 'follower' | 'watch' | 'callback' | 'drilldown';

export interface IndexedWorkflowInput {
  workflow: Workflow;
  outputs: OutputRisk[];
}

/** An output as what was indexed: its blob, kind of media and availability (what the output hasher is told after each commit). */
export type IndexedOutputRef = Pick<OutputRisk, 'blobId' | 'mediaType' | 'available'>;

const END_USER_TAG = /^user:(\d{1,19})$/;

/** The integrator's end user, from the first `user:<id>` tag. */
export function endUserOf(tags: readonly string[]): string | null {
  for (const tag of tags) {
    const match = END_USER_TAG.exec(tag);
    if (match) return match[1]!;
  }
  return null;
}

const MAX_METADATA_TEXT = 4_000;

/** Metadata values as one lower-case line, for `q` searches over the index (keys are not searched). */
export function metadataText(metadata: Record<string, unknown>): string {
  const parts: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || parts.length > 200) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(String(value));
    else if (Array.isArray(value)) value.forEach((item) => visit(item, depth + 1));
    else if (value && typeof value === 'object') Object.values(value).forEach((item) => visit(item, depth + 1));
  };
  visit(metadata, 0);
  return parts.join(' ').toLowerCase().slice(0, MAX_METADATA_TEXT);
}

function workflowRow({ workflow, outputs }: IndexedWorkflowInput, source: IndexSource, now: Date): typeof indexedWorkflow.$inferInsert {
  const facts = riskFacts(outputs);
  return {
    id: workflow.id,
    ownerId: workflow.ownerId,
    endUser: endUserOf(workflow.tags),
    tags: workflow.tags,
    metadataText: metadataText(workflow.metadata),
    status: workflow.status,
    createdAt: new Date(workflow.createdAt),
    completedAt: workflow.completedAt ? new Date(workflow.completedAt) : null,
    outputCount: outputs.length,
    worstCsam: facts.worstCsam,
    unreadableOutputs: facts.unreadableOutputs,
    pendingModerationGate: hasPendingModerationGate(workflow),
    indexedAt: now,
    source,
  };
}

function outputRow(output: OutputRisk, ordinal: number, createdAt: Date, now: Date): typeof indexedOutput.$inferInsert {
  const { scan } = output;
  return {
    blobId: output.blobId,
    workflowId: output.workflowId,
    jobId: output.jobId,
    stepName: output.stepName,
    ordinal,
    position: output.position,
    mediaType: output.mediaType,
    available: String(output.available),
    nsfwLevel: output.nsfwLevel,
    blockedReason: output.blockedReason,
    scanRead: scan !== null,
    scanMissing: output.scanMissing,
    csamPercent: scan?.csamPercent ?? null,
    csamRaw: scan?.csamRaw ?? null,
    csamScope: scan?.csamScope ?? null,
    csamReadable: scan?.readable ?? false,
    vlm: scan?.vlm ?? [],
    childFindings: scan?.childFindings ?? [],
    promptFlags: scan?.promptFlags ?? [],
    jobBlockedReason: scan?.blockedReason ?? null,
    jobNsfwLevel: scan?.nsfwLevel ?? null,
    createdAt,
    indexedAt: now,
  };
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/**
 * Writes workflows and their outputs in one transaction: the workflow rows, then the outputs (upserted by blob id),
 * then any output a workflow no longer lists is removed. `alsoInTransaction` (the indexer's progress, fenced by its
 * lease) commits or rolls back with them.
 */
export async function indexWorkflows(
  batch: readonly IndexedWorkflowInput[],
  source: IndexSource,
  now = new Date(),
  alsoInTransaction?: (tx: Executor) => Promise<void>,
): Promise<void> {
  if (batch.length === 0 && !alsoInTransaction) return;
  const database = await db();
  await database.transaction(async (tx) => {
    await alsoInTransaction?.(tx);
    if (batch.length === 0) return;
    await tx
      .insert(indexedWorkflow)
      .values(batch.map((input) => workflowRow(input, source, now)))
      .onConflictDoUpdate({
        target: indexedWorkflow.id,
        set: Object.fromEntries(
          ['owner_id', 'end_user', 'tags', 'metadata_text', 'status', 'created_at', 'completed_at', 'output_count', 'worst_csam', 'unreadable_outputs', 'pending_moderation_gate', 'indexed_at', 'source'].map(
            (column) => [toProperty(column), excluded(column)],
          ),
        ),
      });
    const outputs = batch.flatMap((input) => input.outputs.map((output, ordinal) => outputRow(output, ordinal, new Date(input.workflow.createdAt), now)));
    for (let start = 0; start < outputs.length; start += OUTPUT_BATCH) {
      await upsertOutputs(tx, outputs.slice(start, start + OUTPUT_BATCH));
    }
    // Outputs a workflow no longer lists, in one statement (a blob belongs to one workflow, so one keep list serves all).
    const keep = batch.flatMap((input) => input.outputs.map((output) => output.blobId));
    await tx
      .delete(indexedOutput)
      .where(and(inArray(indexedOutput.workflowId, batch.map((input) => input.workflow.id)), keep.length ? notInArray(indexedOutput.blobId, keep) : undefined));
  });
}

const OUTPUT_BATCH = 500;

const OUTPUT_COLUMNS = [
  'workflow_id', 'job_id', 'step_name', 'ordinal', 'position', 'media_type', 'available', 'nsfw_level', 'blocked_reason', 'scan_read',
  'scan_missing', 'csam_percent', 'csam_raw', 'csam_scope', 'csam_readable', 'vlm', 'child_findings', 'prompt_flags',
  'job_blocked_reason', 'job_nsfw_level', 'created_at', 'indexed_at',
];

function toProperty(column: string): string {
  return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

async function upsertOutputs(tx: Executor, rows: (typeof indexedOutput.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(indexedOutput)
    .values(rows)
    .onConflictDoUpdate({
      target: indexedOutput.blobId,
      set: Object.fromEntries(OUTPUT_COLUMNS.map((column) => [toProperty(column), excluded(column)])),
    });
}

/** Where the index last saw a blob: its workflow and job. The media gate's first step in placing a blob. */
export async function placeBlob(blobId: string): Promise<{ workflowId: string; jobId: string | null } | null> {
  const database = await db();
  const [row] = await database
    .select({ workflowId: indexedOutput.workflowId, jobId: indexedOutput.jobId })
    .from(indexedOutput)
    .where(eq(indexedOutput.blobId, blobId))
    .limit(1);
  return row ?? null;
}

function toOutputRisk(row: typeof indexedOutput.$inferSelect, thresholds: CsamThresholds, hashMatches: HashMatchLookups): OutputRisk {
  const band = row.scanRead && row.csamReadable ? scoreBand(row.csamPercent, thresholds) : 'unknown';
  return {
    blobId: row.blobId,
    workflowId: row.workflowId,
    jobId: row.jobId,
    stepName: row.stepName,
    position: row.position,
    mediaType: row.mediaType as MediaType,
    available: row.available === 'unknown' ? 'unknown' : row.available === 'true',
    nsfwLevel: parseNsfwLevel(row.nsfwLevel),
    blockedReason: row.blockedReason,
    scan: row.scanRead
      ? {
          csamRaw: row.csamRaw,
          csamPercent: row.csamPercent,
          csamBand: band,
          csamScope: row.csamScope === 'job' ? 'job' : 'output',
          vlm: row.vlm,
          childFindings: row.childFindings,
          promptFlags: row.promptFlags,
          blockedReason: row.jobBlockedReason,
          nsfwLevel: parseNsfwLevel(row.jobNsfwLevel),
          readable: row.csamReadable,
        }
      : null,
    scanMissing: row.scanMissing,
    band,
    hashMatches: hashMatches.get(row.blobId) ?? [],
  };
}

/** A workflow's outputs as the index holds them, in the workflow's order; bands from the thresholds in force. */
export async function indexedOutputs(workflowId: string, thresholds: CsamThresholds): Promise<{ outputs: OutputRisk[]; indexedAt: Date } | null> {
  const database = await db();
  const [workflow] = await database
    .select({ indexedAt: indexedWorkflow.indexedAt })
    .from(indexedWorkflow)
    .where(eq(indexedWorkflow.id, workflowId))
    .limit(1);
  if (!workflow) return null;
  const rows = await database.select().from(indexedOutput).where(eq(indexedOutput.workflowId, workflowId)).orderBy(asc(indexedOutput.ordinal));
  const hashMatches = await matchesOfOutputs(database, rows.map((row) => row.blobId));
  return { outputs: rows.map((row) => toOutputRisk(row, thresholds, hashMatches)), indexedAt: workflow.indexedAt };
}

/** The indexed facts of each of these blobs the index holds, wherever they were made; bands from the thresholds in force. */
export async function indexedOutputsOf(blobIds: readonly string[], thresholds: CsamThresholds): Promise<Map<string, OutputRisk>> {
  if (blobIds.length === 0) return new Map();
  const database = await db();
  const rows = await database.select().from(indexedOutput).where(inArray(indexedOutput.blobId, [...blobIds]));
  const hashMatches = await matchesOfOutputs(database, rows.map((row) => row.blobId));
  return new Map(rows.map((row) => [row.blobId, toOutputRisk(row, thresholds, hashMatches)]));
}

/** The stored risk facts of each listed workflow that the index holds. */
export async function indexedRiskFacts(workflowIds: readonly string[]): Promise<Map<string, IndexedRiskFacts>> {
  if (workflowIds.length === 0) return new Map();
  const database = await db();
  const rows = await database
    .select({ id: indexedWorkflow.id, worstCsam: indexedWorkflow.worstCsam, unreadableOutputs: indexedWorkflow.unreadableOutputs })
    .from(indexedWorkflow)
    .where(inArray(indexedWorkflow.id, [...workflowIds]));
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}

/** The status each listed workflow had when the index last read it (the follower skips what it already holds). */
export async function indexedStatuses(workflowIds: readonly string[]): Promise<Map<string, string>> {
  if (workflowIds.length === 0) return new Map();
  const database = await db();
  const rows = await database
    .select({ id: indexedWorkflow.id, status: indexedWorkflow.status })
    .from(indexedWorkflow)
    .where(inArray(indexedWorkflow.id, [...workflowIds]));
  return new Map(rows.map((row) => [row.id, row.status]));
}

/** Indexed workflows as a queue lists them (id, creation, status, tags), for these ids. */
export async function indexedWorkflowRows(workflowIds: readonly string[]): Promise<PendingGateRow[]> {
  if (workflowIds.length === 0) return [];
  const database = await db();
  return database
    .select({ id: indexedWorkflow.id, createdAt: indexedWorkflow.createdAt, status: indexedWorkflow.status, tags: indexedWorkflow.tags })
    .from(indexedWorkflow)
    .where(inArray(indexedWorkflow.id, [...workflowIds]));
}

export interface PendingGateRow {
  id: string;
  createdAt: Date;
  status: string;
  tags: string[];
}

/** Indexed workflows whose moderation gate was under review when last read, newest first (the partial index). */
export async function pendingModerationGates(limit: number): Promise<PendingGateRow[]> {
  const database = await db();
  return database
    .select({ id: indexedWorkflow.id, createdAt: indexedWorkflow.createdAt, status: indexedWorkflow.status, tags: indexedWorkflow.tags })
    .from(indexedWorkflow)
    .where(eq(indexedWorkflow.pendingModerationGate, true))
    // Spelled as the partial index is (drizzle writes DESC NULLS LAST), so the scan stops at `limit` with no sort.
    .orderBy(sql`${indexedWorkflow.createdAt} desc nulls last`, sql`${indexedWorkflow.id} desc nulls last`)
    .limit(limit);
}

/** The upstream said the gate is no longer pending (decided here or elsewhere); the next read of the workflow confirms it. */
export async function clearPendingModerationGate(workflowId: string): Promise<void> {
  const database = await db();
  await database.update(indexedWorkflow).set({ pendingModerationGate: false }).where(eq(indexedWorkflow.id, workflowId));
}
