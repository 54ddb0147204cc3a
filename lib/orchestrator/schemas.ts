import { z } from 'zod';
import { MAX_GATE_MESSAGE, MAX_TAG_LENGTH, MAX_TAGS, MODERATION_STATUSES, NSFW_LEVELS, toNsfwLevel, WORKFLOW_STATUSES, type NsfwLevel } from './vocabulary';

export { MAX_GATE_MESSAGE, MAX_TAG_LENGTH, MAX_TAGS, MODERATION_STATUSES, NSFW_LEVELS, toModerationStatus, toNsfwLevel, WORKFLOW_STATUSES, type ModerationStatus, type NsfwLevel } from './vocabulary';

/**
 * The Civitai Orchestration API wire shapes (contract §3, §4, §6, §8), shared by the console's client and the emulator.
 *
 * Tolerance rules, because the real API adds fields and types without notice:
 * - objects are loose: unknown fields pass through (zod never copies a `__proto__` key);
 * - enums compare case-insensitively (v2 sends `succeeded`, v1 sends `Succeeded`) and come out in one canonical casing;
 *   vocabularies the orchestrator extends on its own (blocked reasons, providers, job types, step types, engines) stay open strings;
 * - a field the contract only infers is optional and nullable;
 * - dates and durations stay strings: .NET writes 7 fractional digits, fixtures write 3 or none.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Building blocks

type NonEmpty = readonly [string, ...string[]];

function lowerIndex(values: readonly string[]): Map<string, string> {
  return new Map(values.map((value) => [value.toLowerCase(), value]));
}

/** A closed enum matched case-insensitively; the output is the canonical spelling given in `values`. */
export function caseInsensitiveEnum<const T extends NonEmpty>(values: T) {
  const byLower = lowerIndex(values);
  return z.string().transform((input, ctx) => {
    const canonical = byLower.get(input.toLowerCase());
    if (canonical === undefined) {
      ctx.issues.push({ code: 'invalid_value', values: [...values], input, message: `expected one of ${values.join(', ')}` });
      return z.NEVER;
    }
    return canonical as T[number];
  });
}

/** An open vocabulary: known values come out in canonical spelling, anything else passes through unchanged. */
export function openEnum<const T extends NonEmpty>(values: T) {
  const byLower = lowerIndex(values);
  return z.string().transform((input) => (byLower.get(input.toLowerCase()) ?? input) as T[number] | (string & {}));
}

/** ISO-8601 instant with any fractional precision (.NET writes 7 digits) and a `Z` or numeric offset. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
export const WireDateSchema = z.string().regex(ISO_INSTANT, 'expected an ISO-8601 date-time');

/** .NET TimeSpan "c" format: `[-][d.]hh:mm:ss[.fffffff]`. */
const TIME_SPAN = /^-?(?:\d+\.)?\d{1,2}:\d{2}:\d{2}(?:\.\d{1,7})?$/;
export const TimeSpanSchema = z.string().regex(TIME_SPAN, 'expected a TimeSpan hh:mm:ss[.fffffff]');

const JsonObject = z.record(z.string(), z.unknown());

// ---------------------------------------------------------------------------------------------------------------------
// Enums (contract §3.5, §3.6)

export const WorkflowStatusSchema = caseInsensitiveEnum(WORKFLOW_STATUSES);
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<WorkflowStatus> = new Set(['succeeded', 'failed', 'expired', 'canceled']);
/** What `excludeFailed` drops (SDK doc comment). */
export const FAILED_STATUSES: ReadonlySet<WorkflowStatus> = new Set(['failed', 'expired', 'canceled']);


/** A strict level: only the six wire values, any casing (headers and v1 context may say `X`). */
export const NsfwLevelSchema = z.string().transform((input, ctx) => {
  const level = toNsfwLevel(input);
  if (level === undefined) {
    ctx.issues.push({ code: 'invalid_value', values: [...NSFW_LEVELS], input, message: 'expected an NSFW level' });
    return z.NEVER;
  }
  return level;
});

/**
 * A level as it sits inside a payload: a garbage value (a number, an unknown word) must not fail the whole workflow,
 * so it is kept as a string the gate will not recognise, and an unrecognised level is never treated as safe.
 */
const PayloadNsfwLevel = z
  .union([z.string(), z.number()])
  .transform((input): NsfwLevel | (string & {}) => toNsfwLevel(input) ?? String(input))
  .nullish();

export const BLOCKED_REASONS = [
  'ChildReference',
  'Bestiality',
  'Child Sexual - Anime',
  'Child Sexual - Realistic',
  'NsfwLevel',
  'NSFWLevelSourceImageRestricted',
  'MatureContent',
] as const;
/** Open: the orchestrator adds reasons; `NSFWLevel` and `NsfwLevel` are one reason. Civitai reads `none` as no block. */
const BlockedReason = openEnum(BLOCKED_REASONS).nullish();

export const PRIORITIES = ['high', 'normal', 'low'] as const;
export const JOB_EVENT_TYPES = [
  'Initialized',
  'Claimed',
  'Rejected',
  'LateRejected',
  'ClaimExpired',
  'Updated',
  'Failed',
  'Succeeded',
  'Expired',
  'Deleted',
  'Canceled',
] as const;
export const JOB_SUPPORT = ['Unsupported', 'Unavailable', 'Available'] as const;
export const PROVIDERS = [
  'Civitai',
  'OctoML',
  'SaladML',
  'PicFinder',
  'RunPods',
  'ValdiAI',
  'OctoMLNext',
  'RunDiffusion',
  'SaladShared',
] as const;

// ---------------------------------------------------------------------------------------------------------------------
// Blobs (contract §3.4)

export const BlobSchema = z.looseObject({
  type: z.string().nullish(),
  id: z.string(),
  available: z.boolean(),
  url: z.string().nullish(),
  urlExpiresAt: WireDateSchema.nullish(),
  jobId: z.string().nullish(),
  nsfwLevel: PayloadNsfwLevel,
  blockedReason: BlockedReason,
  width: z.number().nullish(),
  height: z.number().nullish(),
  previewUrl: z.string().nullish(),
  previewUrlExpiresAt: WireDateSchema.nullish(),
  duration: z.number().nullish(),
});

const BlobList = z.array(BlobSchema).nullish();

// ---------------------------------------------------------------------------------------------------------------------
// Steps and their jobs (contract §3.2, §3.3)

export const QueuePositionSchema = z.looseObject({
  support: openEnum(['unsupported', 'unavailable', 'available']).nullish(),
  precedingJobs: z.number().nullish(),
  startAt: WireDateSchema.nullish(),
  completeAt: WireDateSchema.nullish(),
});

export const WorkflowStepJobSchema = z.looseObject({
  id: z.string(),
  status: WorkflowStatusSchema,
  startedAt: WireDateSchema.nullish(),
  completedAt: WireDateSchema.nullish(),
  queuePosition: QueuePositionSchema.nullish(),
  cost: z.number().nullish(),
  estimatedProgressRate: z.number().nullish(),
  // Not in the SDK type, present on the wire for some failures (contract §3.3, §9.5).
  reason: z.string().nullish(),
  blockedReason: BlockedReason,
});

const stepBase = {
  name: z.string(),
  priority: openEnum(PRIORITIES).nullish(),
  timeout: TimeSpanSchema.nullish(),
  retries: z.number().nullish(),
  jobs: z.array(WorkflowStepJobSchema).nullish(),
  status: WorkflowStatusSchema,
  startedAt: WireDateSchema.nullish(),
  completedAt: WireDateSchema.nullish(),
  metadata: JsonObject.nullish(),
  estimatedProgressRate: z.number().nullish(),
  // Engine-polymorphic; readers pick the keys they know (prompt, engine, ecosystem, ...).
  input: JsonObject.nullish(),
};

/** Known statuses in canonical casing, others kept as sent; a value of another type reads as absent, not as a failed step. */
const ModerationStatusSchema = openEnum(MODERATION_STATUSES).nullish().catch(null);

const imagesOutput = z.looseObject({ images: BlobList, errors: z.array(z.string()).nullish() });
const blobsOutput = z.looseObject({ blobs: BlobList });
const singleBlobOutput = z.looseObject({ blob: BlobSchema.nullish() });
const videoOutput = z.looseObject({ video: BlobSchema.nullish() });

function step<const T extends string, O extends z.ZodType>(type: T, output: O) {
  return z.looseObject({ ...stepBase, $type: z.literal(type), output: output.nullish() });
}

const knownSteps = [
  step('imageGen', imagesOutput),
  step('textToImage', imagesOutput),
  step('model3DPreview', imagesOutput),
  step(
    'videoGen',
    z.looseObject({
      video: BlobSchema.nullish(),
      additionalVideos: BlobList,
      draftCache: BlobSchema.nullish(),
      progress: z.number().nullish(),
    }),
  ),
  step('comfy', blobsOutput),
  step(
    'customComfy',
    z.looseObject({ blobs: BlobList, tempBlobs: BlobList, traceUrl: z.string().nullish(), usage: JsonObject.nullish() }),
  ),
  step('convertImage', singleBlobOutput),
  step('imageUpscaler', singleBlobOutput),
  step('preprocessImage', singleBlobOutput),
  step('aceStepAudio', singleBlobOutput),
  step('videoUpscaler', videoOutput),
  step('videoEnhancement', videoOutput),
  step('videoInterpolation', videoOutput),
  step('videoFrameExtraction', z.looseObject({ frames: BlobList, totalFramesExtracted: z.number().nullish() })),
  step(
    'mediaRating',
    z.looseObject({
      nsfwLevel: PayloadNsfwLevel,
      isBlocked: z.boolean().nullish(),
      blockedReason: BlockedReason,
      labels: z.array(z.string()).nullish(),
      csam: z.boolean().nullish(),
    }),
  ),
  step('wdTagging', z.looseObject({ tags: z.record(z.string(), z.number()).nullish(), rating: z.record(z.string(), z.number()).nullish() })),
  step('mediaHash', z.looseObject({ hashes: z.record(z.string(), z.string()).nullish() })),
  step(
    'training',
    z.looseObject({
      moderationStatus: ModerationStatusSchema,
      epochs: z
        .array(z.looseObject({ epochNumber: z.number().nullish(), model: BlobSchema.nullish(), samples: BlobList }))
        .nullish(),
    }),
  ),
] as const;

const KnownStepSchema = z.discriminatedUnion('$type', [...knownSteps]);

const repeatStepFields = { ...stepBase, $type: z.literal('repeat') };
/** `repeat` nests one step per item (scan workflows over video frames); its type is written out to break the cycle. */
export interface WireRepeatStep extends z.output<z.ZodObject<typeof repeatStepFields>> {
  output?: { steps?: WireStep[] | null; [key: string]: unknown } | null;
  [key: string]: unknown;
}
const RepeatStepSchema: z.ZodType<WireRepeatStep, unknown> = z.looseObject({
  ...repeatStepFields,
  output: z.looseObject({ steps: z.array(z.lazy(() => WorkflowStepSchema)).nullish() }).nullish(),
});

export const KNOWN_STEP_TYPES: ReadonlySet<string> = new Set([...knownSteps.map((s) => s.shape.$type.value), 'repeat']);
const stepTypeByLower = lowerIndex([...KNOWN_STEP_TYPES]);

/** A step type this console does not know yet: kept whole, never read as media-free or safe. */
const UnknownStepSchema = z.looseObject({
  ...stepBase,
  $type: z.string().refine((type) => !KNOWN_STEP_TYPES.has(type), 'a known step type failed its own schema'),
  output: z.unknown().optional(),
});

export type WireKnownStep = z.output<typeof KnownStepSchema> | WireRepeatStep;
export type WireUnknownStep = z.output<typeof UnknownStepSchema>;
export type WireStep = WireKnownStep | WireUnknownStep;

/** Narrows a step to the known types, so `step.$type === 'imageGen'` then narrows `output` too. */
export function isKnownStep(step: WireStep): step is WireKnownStep {
  return KNOWN_STEP_TYPES.has(step.$type);
}

/** Steps discriminated on `$type`, with a fallback branch for types added after this schema was written. */
export const WorkflowStepSchema: z.ZodType<WireStep, unknown> = z.preprocess(
  (value) => {
    // A known type in another casing (a v1 serialiser) is read as the known type.
    if (value && typeof value === 'object' && '$type' in value && typeof value.$type === 'string') {
      const canonical = stepTypeByLower.get(value.$type.toLowerCase());
      if (canonical !== undefined && canonical !== value.$type) return { ...value, $type: canonical };
    }
    return value;
  },
  z.union([KnownStepSchema, RepeatStepSchema, UnknownStepSchema]),
);


// ---------------------------------------------------------------------------------------------------------------------
// Workflow (contract §3.1, §3.7)

export const TransactionSummarySchema = z.looseObject({
  list: z
    .array(
      z.looseObject({
        type: openEnum(['debit', 'credit']),
        amount: z.number(),
        id: z.string().nullish(),
        accountType: z.string().nullish(),
      }),
    )
    .nullish(),
  insufficientBuzz: z.boolean().nullish(),
});

export const WorkflowCostSchema = z.looseObject({
  base: z.number().nullish(),
  factors: z.record(z.string(), z.number()).nullish(),
  fixed: z.record(z.string(), z.number()).nullish(),
  tips: JsonObject.nullish(),
  fees: z.record(z.string(), z.number()).nullish(),
  total: z.number().nullish(),
});

export const WorkflowCallbackSchema = z.looseObject({
  url: z.string(),
  type: z.array(z.string()).nullish(),
  detailed: z.boolean().nullish(),
});

export const WorkflowSchema = z.looseObject({
  // MOD tolerates a body with no id (contract §3.1).
  id: z.string().nullish(),
  createdAt: WireDateSchema,
  startedAt: WireDateSchema.nullish(),
  completedAt: WireDateSchema.nullish(),
  status: WorkflowStatusSchema,
  tags: z.array(z.string()).nullish(),
  metadata: JsonObject.nullish(),
  arguments: JsonObject.nullish(),
  steps: z.array(WorkflowStepSchema).nullish(),
  callbacks: z.array(WorkflowCallbackSchema).nullish(),
  tips: JsonObject.nullish(),
  cost: WorkflowCostSchema.nullish(),
  transactions: TransactionSummarySchema.nullish(),
  nsfwLevel: PayloadNsfwLevel,
  experimental: z.boolean().nullish(),
  allowMatureContent: z.boolean().nullish(),
  upgradeMode: openEnum(['manual', 'automatic']).nullish(),
  currencies: z.array(z.string()).nullish(),
  forceRefunded: z.boolean().nullish(),
  ephemeral: z.boolean().nullish(),
  externalId: z.string().nullish(),
  lostBlobsRefund: z.number().nullish(),
  deletedAt: WireDateSchema.nullish(),
});
export type WireWorkflow = z.output<typeof WorkflowSchema>;

/** `GET /v2/consumer/workflows`: the cursor field is `next`; null or absent on the last page (contract §2.1, §9.4). */
export const WorkflowPageSchema = z.looseObject({
  items: z.array(WorkflowSchema),
  next: z.string().nullish(),
});
export type WireWorkflowPage = z.output<typeof WorkflowPageSchema>;

/** `GET /v1/manager/workflows`: `{items, next}` (MOD, real) or a bare array (SKILL); both read as a page (contract §9.1). */
export const ManagerWorkflowListSchema = z.union([
  WorkflowPageSchema,
  z.array(WorkflowSchema).transform((items) => ({ items, next: null })),
]);

// ---------------------------------------------------------------------------------------------------------------------
// v1 job detail (contract §4)

export const JobEventSchema = z.looseObject({
  jobId: z.string().nullish(),
  type: openEnum(JOB_EVENT_TYPES).nullish(),
  dateTime: WireDateSchema.nullish(),
  provider: openEnum(PROVIDERS).nullish(),
  workerId: z.string().nullish(),
  // Values are pre-formatted strings on the wire (`"0.00 %, 12.50 %"`), but a missing or odd value must not fail the job.
  context: JsonObject.nullish(),
  claimDuration: TimeSpanSchema.nullish(),
  jobDuration: TimeSpanSchema.nullish(),
  retryAttempt: z.number().nullish(),
  cost: z.number().nullish(),
  jobProperties: JsonObject.nullish(),
  jobType: z.string().nullish(),
  jobPriority: z.union([z.number(), z.string()]).nullish(),
  claimHasCompleted: z.boolean().nullish(),
  jobHasCompleted: z.boolean().nullish(),
});

export const JobResultItemSchema = z.looseObject({
  blobKey: z.string().nullish(),
  available: z.boolean().nullish(),
  blobUrl: z.string().nullish(),
  blobUrlExpirationDate: WireDateSchema.nullish(),
});

/** Value types are unknown (contract §4.3): truthiness is what civitai reads. */
export const PromptClassificationSchema = z.record(z.string(), z.union([z.boolean(), z.number(), z.string(), z.null()]));

export const DetailedJobSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  createdAt: WireDateSchema.nullish(),
  expireAt: WireDateSchema.nullish(),
  cost: z.number().nullish(),
  properties: JsonObject.nullish(),
  model: z.string().nullish(),
  params: JsonObject.nullish(),
  promptClassificationResult: PromptClassificationSchema.nullish(),
});

export const JobStatusSchema = z.looseObject({
  jobId: z.string(),
  cost: z.number().nullish(),
  properties: JsonObject.nullish(),
  // An array in 2026, a single object in the 2024 v1 models (contract §9.8).
  result: z.union([z.array(JobResultItemSchema), JobResultItemSchema]).nullish(),
  lastEvent: JobEventSchema.nullish(),
  serviceProviders: z.record(z.string(), z.looseObject({ support: openEnum(JOB_SUPPORT).nullish() })).nullish(),
  scheduled: z.boolean().nullish(),
  // Only with `detailed=true`.
  job: DetailedJobSchema.nullish(),
});
export type WireJobStatus = z.output<typeof JobStatusSchema>;

// ---------------------------------------------------------------------------------------------------------------------
// Manager strikes (contract §10.5)

export const StrikesSchema = z.array(
  z.looseObject({
    status: z.string().nullish(),
    strikes: z.array(
      z.looseObject({
        strike: z.looseObject({ jobId: z.string().nullish(), reason: z.string().nullish(), dateTime: WireDateSchema.nullish() }),
        job: z
          .looseObject({
            id: z.string().nullish(),
            type: z.string().nullish(),
            prompt: z.string().nullish(),
            negativePrompt: z.string().nullish(),
            resources: z.array(z.string()).nullish(),
            blobs: z.array(z.looseObject({ id: z.string(), previewUrl: z.string().nullish() })).nullish(),
          })
          .nullish(),
      }),
    ),
  }),
);
export type WireStrikes = z.output<typeof StrikesSchema>;

/** `POST /v1/manager/consumers/flagged/{consumerId}/strikes/review` (contract §2.4, civitai's body). */
export const StrikesReviewRequestSchema = z.object({
  moderatorId: z.number().int().positive().max(2_147_483_647),
  notes: z.string().min(1).max(1000),
});
export type StrikesReviewRequest = z.output<typeof StrikesReviewRequestSchema>;

// ---------------------------------------------------------------------------------------------------------------------
// Errors (contract §6)

export const ProblemDetailsSchema = z.looseObject({
  type: z.string().nullish(),
  title: z.string().nullish(),
  status: z.number().nullish(),
  detail: z.string().nullish(),
  instance: z.string().nullish(),
  traceId: z.string().nullish(),
});

/** Also covers the submit variant `{errors: {messages: [...]}}`. */
export const ValidationProblemDetailsSchema = ProblemDetailsSchema.extend({
  errors: z.record(z.string(), z.array(z.string())),
});

// ---------------------------------------------------------------------------------------------------------------------
// Requests (writes)

export const WorkflowTagSchema = z.string().min(1).max(MAX_TAG_LENGTH);

/** Unknown request fields are ignored, as ASP.NET's binder does. */
export const UpdateWorkflowRequestSchema = z.object({
  status: caseInsensitiveEnum(['canceled']).nullish(),
  metadata: JsonObject.nullish(),
  tags: z.array(WorkflowTagSchema).max(MAX_TAGS).nullish(),
  allowMatureContent: z.boolean().nullish(),
});

export const UpdateWorkflowStepRequestSchema = z.object({ metadata: JsonObject.nullish() });

export const JsonPatchOperationSchema = z.object({
  op: caseInsensitiveEnum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string(),
  from: z.string().nullish(),
  value: z.unknown().optional(),
});
export const JsonPatchSchema = z.array(JsonPatchOperationSchema);

/** `PUT /v1/consumer/jobs/{jobId}`: taint a job (contract §2.3). */
export const TaintJobRequestSchema = z.object({
  reason: z.string().min(1).max(1000),
  context: JsonObject.nullish(),
});
export type TaintJobRequest = z.output<typeof TaintJobRequestSchema>;

/** `POST /v1/manager/workflows/{id}/moderation-gate` (contract §2.4). */
export const ModerationGateRequestSchema = z.object({
  approved: z.boolean(),
  message: z.string().max(MAX_GATE_MESSAGE).nullish(),
});
export type ModerationGateRequest = z.output<typeof ModerationGateRequestSchema>;

/** The plain-text 404 body of a gate that is not (or no longer) pending (contract §6, §10.6). */
export const NO_PENDING_GATE = 'No pending moderation gate';
