import { z } from 'zod';
import { BlobIdSchema, WorkflowIdSchema } from '@/lib/orchestrator/ids';
import { MAX_GATE_MESSAGE, WorkflowTagSchema } from '@/lib/orchestrator/schemas';
import { isInvisible } from '@/lib/text/invisible';
import { DECISION_KINDS, isReviewTag, MAX_BULK_ITEMS, MAX_NOTE_LENGTH } from './decision';
import type { ReasonCode } from './reason-codes';
import { tagProblem, describeTagProblem } from '@/lib/orchestrator/tag-rules';

/**
 * What the browser may send to the review routes. Every route parses its body with one of these before doing
 * anything; reason codes are checked against the configured list, so the schema is built from it.
 */


/** Free text from a moderator: trimmed, bounded, and without characters that would hide part of it from the next reader. */
const noteSchema = z
  .string()
  .trim()
  .max(MAX_NOTE_LENGTH, `A note can be at most ${MAX_NOTE_LENGTH} characters.`)
  .refine(
    (text) => ![...text].some((char) => isInvisible(char.codePointAt(0)!)),
    'A note cannot contain control or invisible formatting characters.',
  )
  .transform((text) => (text === '' ? null : text));

/** The fingerprint lib/review/workflow-version.ts computes in the browser. */
const versionSeenSchema = z.string().regex(/^[a-z_]{1,30}:[0-9a-f]{16}$/, 'not a workflow version');

const seenItem = {
  workflowId: WorkflowIdSchema,
  /** The subject's decision version the moderator saw (0 = none): the basis of conflict detection. */
  expectedVersion: z.number().int().min(0).max(1_000_000),
  workflowVersionSeen: versionSeenSchema,
};

function verdict(reasonCodes: readonly ReasonCode[]) {
  const known = new Set(reasonCodes.map((reason) => reason.code));
  return {
    kind: z.enum(DECISION_KINDS),
    reasonCode: z
      .string()
      .refine((code) => known.has(code), 'Pick one of the listed reasons.')
      .nullable()
      .default(null),
    note: noteSchema.nullable().default(null),
  };
}

/** A flag needs a reason from the list; ok and escalate carry none. */
function reasonMatchesKind(value: { kind: string; reasonCode: string | null }, ctx: z.RefinementCtx) {
  if (value.kind === 'flagged' && value.reasonCode === null) {
    ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: 'A flag needs a reason.' });
  }
  if (value.kind !== 'flagged' && value.reasonCode !== null) {
    ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: 'Only a flag carries a reason.' });
  }
}

export function decisionRequestSchema(reasonCodes: readonly ReasonCode[]) {
  return z
    .object({ ...seenItem, blobId: BlobIdSchema.nullable().default(null), ...verdict(reasonCodes) })
    .superRefine(reasonMatchesKind);
}
export type DecisionRequest = z.output<ReturnType<typeof decisionRequestSchema>>;

/** One verdict for a batch of clear-cut workflows (bulk select on the workflows screen). */
export function bulkDecisionRequestSchema(reasonCodes: readonly ReasonCode[]) {
  return z
    .object({ items: z.array(z.object(seenItem)).min(1).max(MAX_BULK_ITEMS), ...verdict(reasonCodes) })
    .superRefine(reasonMatchesKind)
    .refine((value) => new Set(value.items.map((item) => item.workflowId)).size === value.items.length, {
      message: 'A workflow appears twice in the batch.',
      path: ['items'],
    });
}
export type BulkDecisionRequest = z.output<ReturnType<typeof bulkDecisionRequestSchema>>;

export const undoRequestSchema = z.object({ decisionId: z.uuid() });

export const syncRequestSchema = z.object({ workflowId: WorkflowIdSchema });

/**
 * A tag as a moderator typed it: trimmed, then checked against the contract's rules before any upstream call. Review
 * tags belong to decisions (set by the mirror, never by hand, or the two would disagree); the guard looks at the
 * tag after trimming and NFKC folding, so `" review:ok"` or a full-width `ｒeview:ok` cannot pass as a plain tag.
 */
export const tagRequestSchema = z.object({
  tag: z
    .string()
    .trim()
    .pipe(WorkflowTagSchema)
    .superRefine((tag, ctx) => {
      const problem = tagProblem(tag);
      if (problem) ctx.addIssue({ code: 'custom', message: describeTagProblem(problem) });
      else if (isReviewTag(tag.normalize('NFKC'))) ctx.addIssue({ code: 'custom', message: 'Review tags follow decisions: record a decision instead.' });
    }),
});

export const cancelRequestSchema = z.object({ reason: noteSchema.nullable().default(null) });

/** Text the upstream keeps (a taint reason, review notes): the contract's 1-1000 characters, counted after trimming. */
function upstreamText(required: string, what: string) {
  return z
    .string()
    .trim()
    .min(1, required)
    .max(1000, `${what} can be at most 1000 characters.`)
    .refine((text) => ![...text].some((char) => isInvisible(char.codePointAt(0)!)), `${what} cannot contain control or invisible formatting characters.`);
}
/** A senior's verdict on a pending moderation gate; the message goes upstream with it (the contract's 1000 characters). */
export const moderationGateRequestSchema = z.object({
  approved: z.boolean(),
  message: noteSchema
    .refine((text) => text === null || text.length <= MAX_GATE_MESSAGE, `A message can be at most ${MAX_GATE_MESSAGE} characters.`)
    .nullable()
    .default(null),
});
export type ModerationGateBody = z.output<typeof moderationGateRequestSchema>;

export const taintRequestSchema = z.object({
  /** The workflow the job belongs to, when the moderator acts from it: the audit row links the two. */
  workflowId: WorkflowIdSchema.optional(),
  reason: upstreamText('A taint needs a reason.', 'A reason'),
});

/** POST /api/users/{userId}/strikes/review: the senior's notes, sent upstream with the review. */
export const strikesReviewRequestSchema = z.object({
  notes: upstreamText('Marking strikes reviewed needs notes.', 'Notes'),
});

