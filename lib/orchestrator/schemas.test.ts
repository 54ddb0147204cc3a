import { describe, expect, it } from 'vitest';
import {
  BlobSchema,
  isKnownStep,
  JobEventSchema,
  JobStatusSchema,
  JsonPatchSchema,
  ManagerWorkflowListSchema,
  ModerationGateRequestSchema,
  NsfwLevelSchema,
  ProblemDetailsSchema,
  StrikesSchema,
  TaintJobRequestSchema,
  TimeSpanSchema,
  UpdateWorkflowRequestSchema,
  ValidationProblemDetailsSchema,
  WireDateSchema,
  WorkflowPageSchema,
  WorkflowSchema,
  WorkflowStatusSchema,
  WorkflowStepSchema,
  toModerationStatus,
} from './schemas';

// Contract §10.2, with the placeholders made concrete.
const generationWorkflow = {
  id: '8484131-20260121222126332',
  createdAt: '2026-01-21T22:21:26.3320000Z',
  startedAt: '2026-01-21T22:21:27.1000000Z',
  completedAt: '2026-01-21T22:21:41.9000000Z',
  status: 'succeeded',
  tags: ['civitai', 'gen', 'img', 'txt2img', 'Illustrious', 'source:new'],
  metadata: {
    params: {
      workflow: 'txt2img',
      ecosystem: 'Illustrious',
      prompt: 'a castle',
      negativePrompt: 'blurry',
      seed: 2027225909,
      quantity: 2,
      aspectRatio: { value: '3:2', width: 1216, height: 832 },
    },
    resources: [{ id: 1714314, strength: 1 }],
  },
  arguments: {},
  steps: [
    {
      $type: 'imageGen',
      name: '$0',
      priority: 'low',
      timeout: '00:10:00',
      retries: null,
      status: 'succeeded',
      startedAt: '2026-01-21T22:21:27.1000000Z',
      completedAt: '2026-01-21T22:21:41.9000000Z',
      estimatedProgressRate: null,
      metadata: { output: { 'JNFDW54JNTATNW42HACYCWSQP0.jpeg': { favorite: true } } },
      jobs: [
        {
          id: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23',
          status: 'succeeded',
          startedAt: '2026-01-21T22:21:27.1000000Z',
          completedAt: '2026-01-21T22:21:41.9000000Z',
          cost: 1.2,
          estimatedProgressRate: null,
          queuePosition: { support: 'available', precedingJobs: 0, startAt: null, completeAt: null },
        },
      ],
      input: {
        engine: 'sdcpp',
        ecosystem: 'sdxl',
        operation: 'createImage',
        model: 'urn:air:sdxl:checkpoint:civitai:1@2',
        prompt: 'a castle',
        width: 1216,
        height: 832,
        quantity: 2,
      },
      output: {
        images: [
          {
            type: 'image',
            id: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg',
            available: true,
            url: 'https://orchestration.civitai.com/v2/consumer/blobs/JNFDW54JNTATNW42HACYCWSQP0.jpeg?sig=CfDJ8abc&exp=2026-01-22T22:21:41.9000000Z',
            urlExpiresAt: '2026-01-22T22:21:41.9000000Z',
            previewUrl: 'https://orchestration.civitai.com/v2/consumer/blobs/JNFDW54JNTATNW42HACYCWSQP0.jpeg?preview=true',
            previewUrlExpiresAt: '2026-01-22T22:21:41.9000000Z',
            jobId: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23',
            width: 1216,
            height: 832,
            nsfwLevel: 'x',
            blockedReason: null,
          },
          {
            type: 'image',
            id: 'CXJQSCS1TYZR1PX45C7QBVB8E0.jpeg',
            available: false,
            url: 'https://orchestration.civitai.com/v2/consumer/blobs/CXJQSCS1TYZR1PX45C7QBVB8E0.jpeg?sig=CfDJ8def&exp=2026-01-22T22:21:41.9000000Z',
            nsfwLevel: 'xxx',
            blockedReason: 'Child Sexual - Anime',
          },
        ],
        errors: [],
      },
    },
  ],
  callbacks: [{ url: 'https://signals.example/users/8484131/signals/m1', type: ['step:*'] }],
  tips: { civitai: 0, creators: 0 },
  cost: { base: 8, factors: {}, fixed: {}, tips: { civitai: 0, creators: 0 }, fees: null, total: 8 },
  transactions: { list: [{ type: 'debit', amount: 8, id: 't1', accountType: 'yellow' }], insufficientBuzz: null },
  nsfwLevel: 'xxx',
  experimental: false,
  allowMatureContent: true,
  upgradeMode: 'manual',
  currencies: ['yellow'],
  forceRefunded: false,
  ephemeral: null,
  externalId: null,
  lostBlobsRefund: null,
  deletedAt: null,
};

// Contract §10.1: the `details` of the real scan webhook, read as a workflow (no $type on its steps, so with one added).
const scanWorkflow = {
  id: '0-20251029212923125',
  status: 'succeeded',
  createdAt: '2025-10-29T21:29:23.1252764Z',
  completedAt: '2025-10-29T21:29:24.7599305Z',
  startedAt: '2025-10-29T21:29:23.1577181Z',
  metadata: {},
  arguments: { mediaUrl: 'https://image.civitai.com/k/u/original=true,quality=90/107357814.jpeg' },
  steps: [
    {
      $type: 'wdTagging',
      name: 'tag',
      status: 'succeeded',
      startedAt: '2025-10-29T21:29:23.1577168Z',
      completedAt: '2025-10-29T21:29:24.7599253Z',
      metadata: { imageId: 1 },
      input: { model: 'wd14-vit.v1', mediaUrl: 'https://image.civitai.com/x', threshold: 0.5 },
      output: {
        tags: { '1girl': 0.9871819019317627, sword: 0.9198364615440369 },
        rating: { sensitive: 0.812727689743042, general: 0.22787392139434814, questionable: 0.00528872013092041, explicit: 0.000413358211517334 },
      },
    },
    {
      $type: 'mediaRating',
      name: 'rating',
      status: 'succeeded',
      metadata: { imageId: 1 },
      input: { mediaUrl: 'https://image.civitai.com/x' },
      output: { nsfwLevel: 'pg', isBlocked: false },
    },
    {
      $type: 'mediaHash',
      name: 'hash',
      status: 'succeeded',
      metadata: { imageId: 1 },
      input: { mediaUrl: 'https://image.civitai.com/x', hashTypes: ['perceptual'] },
      output: { hashes: { perceptual: '4C47634E8E9F0F47' } },
    },
  ],
};

// Contract §10.4.
const jobDetail = {
  jobId: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23',
  cost: 1.2000000000000002,
  properties: { workflowId: '8484131-20260121222126332' },
  result: [
    { blobKey: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg', available: true },
    { blobKey: 'CXJQSCS1TYZR1PX45C7QBVB8E0.jpeg', available: true },
  ],
  lastEvent: {
    jobId: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23',
    type: 'Succeeded',
    dateTime: '2026-01-21T22:21:41.1234567Z',
    provider: 'ValdiAI',
    workerId: 'worker-1',
    claimDuration: '00:00:00.5000000',
    jobDuration: '00:00:12.3456789',
    retryAttempt: 0,
    cost: 1.2,
    jobProperties: { workflowId: '8484131-20260121222126332' },
    jobType: 'TextToImageV2',
    jobPriority: 0,
    claimHasCompleted: true,
    jobHasCompleted: true,
    context: {
      hive_csam_score: '0.00 %, 0.00 %',
      hive_vlm_summary: 'X, No_Child',
      worker_group: 'group-a',
      trace_id: '00-1234567890abcdef1234567890abcdef-fedcba0987654321-00',
    },
  },
  serviceProviders: { ValdiAI: { support: 'Available' } },
  scheduled: false,
  job: {
    id: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23',
    type: 'TextToImageV2',
    createdAt: '2026-01-21T22:21:26.5000000Z',
    cost: 1.2,
    properties: { workflowId: '8484131-20260121222126332' },
    model: 'urn:air:sdxl:checkpoint:civitai:1@2',
    params: { prompt: 'p', negativePrompt: 'n', scheduler: 'EulerA', steps: 25, cfgScale: 7, width: 832, height: 1216, seed: 123, clipSkip: 2 },
    promptClassificationResult: { sexual: true, young: true, cr: false, scan: true },
  },
};

describe('contract §10 reference payloads', () => {
  it('reads the generation workflow (§10.2) with its blobs, jobs and transactions', () => {
    const workflow = WorkflowSchema.parse(generationWorkflow);
    const step = workflow.steps?.[0];
    expect(step && isKnownStep(step) && step.$type === 'imageGen' && step.output?.images?.map((b) => b.nsfwLevel)).toEqual([
      'x',
      'xxx',
    ]);
    expect(step?.jobs?.[0]?.queuePosition?.support).toBe('available');
    expect(workflow.transactions?.list?.[0]?.amount).toBe(8);
  });

  it('reads the scan workflow (§10.1) with tagging, rating and hash steps', () => {
    const workflow = WorkflowSchema.parse(scanWorkflow);
    expect(workflow.steps?.map((s) => s.$type)).toEqual(['wdTagging', 'mediaRating', 'mediaHash']);
  });

  it('reads a query page (§10.3) and its last page with next null or absent', () => {
    const item = { id: '5-20260818171734275', createdAt: '2026-08-18T17:17:34.275Z', status: 'succeeded' };
    expect(WorkflowPageSchema.parse({ items: [item], next: 'cursor-2' }).next).toBe('cursor-2');
    expect(WorkflowPageSchema.parse({ items: [item], next: null }).next).toBeNull();
    expect(WorkflowPageSchema.parse({ items: [] }).next).toBeUndefined();
  });

  it('reads the manager list in both forms, PascalCase statuses normalised', () => {
    const item = { id: '5-20260818171734275', createdAt: '2026-08-18T17:17:34.275Z', status: 'Succeeded' };
    const paged = ManagerWorkflowListSchema.parse({ items: [item], next: 'c' });
    const bare = ManagerWorkflowListSchema.parse([item]);
    expect(paged.items[0]?.status).toBe('succeeded');
    expect(bare).toEqual({ items: [expect.objectContaining({ status: 'succeeded' })], next: null });
  });

  it('reads the v1 job detail (§10.4) with its context strings and classification flags', () => {
    const job = JobStatusSchema.parse(jobDetail);
    expect(job.lastEvent?.context?.hive_csam_score).toBe('0.00 %, 0.00 %');
    expect(job.lastEvent?.type).toBe('Succeeded');
    expect(job.job?.promptClassificationResult?.young).toBe(true);
    expect(Array.isArray(job.result)).toBe(true);
  });

  it('reads a 2024 job whose result is one object', () => {
    const job = JobStatusSchema.parse({
      jobId: '0B60A87CDFB8E7307D0F19F623EBD8240307BD9C2345CD03B7E52A489A52CC47',
      result: { blobKey: 'K', available: true, blobUrl: 'https://x', blobUrlExpirationDate: '2024-01-01T00:00:00Z' },
      serviceProviders: {},
    });
    expect(job.result).toMatchObject({ blobKey: 'K' });
  });

  it('reads strikes (§10.5)', () => {
    const strikes = StrikesSchema.parse([
      {
        status: 'Pending',
        strikes: [
          {
            strike: { jobId: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23', reason: 'csam', dateTime: '2026-01-21T22:21:41.1234567Z' },
            job: {
              id: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23',
              type: 'TextToImageV2',
              prompt: 'p',
              negativePrompt: 'n',
              resources: ['urn:air:sdxl:checkpoint:civitai:1@2'],
              blobs: [{ id: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg', previewUrl: 'https://x' }],
            },
          },
        ],
      },
    ]);
    expect(strikes[0]?.strikes[0]?.job?.blobs?.[0]?.id).toBe('JNFDW54JNTATNW42HACYCWSQP0.jpeg');
  });

  it('reads errors (§10.6): ProblemDetails, ValidationProblemDetails and the submit messages variant', () => {
    const validation = ValidationProblemDetailsSchema.parse({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { 'steps[0].input.resolution': ["The value '4k' is not valid for resolution."] },
    });
    expect(validation.errors['steps[0].input.resolution']).toHaveLength(1);
    expect(ValidationProblemDetailsSchema.parse({ errors: { messages: ['Prompt requires mature content'] } }).errors.messages).toHaveLength(1);
    expect(ProblemDetailsSchema.parse({ status: 404, title: 'Not Found', traceId: '00-ab-cd-00' }).status).toBe(404);
  });
});

describe('tolerance', () => {
  it('passes unknown fields through at every level', () => {
    const workflow = WorkflowSchema.parse({
      ...generationWorkflow,
      brandNew: { a: 1 },
      steps: [{ ...generationWorkflow.steps[0], stepExtra: true }],
    });
    expect(workflow.brandNew).toEqual({ a: 1 });
    expect(workflow.steps?.[0]).toHaveProperty('stepExtra', true);
  });

  it('keeps a step of an unknown $type whole, and fails a known type that breaks its own shape', () => {
    const unknown = WorkflowStepSchema.parse({ $type: 'somethingNew', name: '0', status: 'processing', output: { weird: [1] } });
    expect(unknown.$type).toBe('somethingNew');
    expect(isKnownStep(unknown)).toBe(false);
    expect(unknown.output).toEqual({ weird: [1] });
    const broken = { $type: 'imageGen', name: '0', status: 'succeeded', output: { images: 'not-an-array' } };
    expect(WorkflowStepSchema.safeParse(broken).success).toBe(false);
  });

  it('reads nested repeat steps', () => {
    const step = WorkflowStepSchema.parse({
      $type: 'repeat',
      name: 'frames',
      status: 'succeeded',
      output: { steps: [{ $type: 'mediaRating', name: 'rating', status: 'succeeded', output: { nsfwLevel: 'R', isBlocked: false } }] },
    });
    const nested = isKnownStep(step) && step.$type === 'repeat' ? step.output?.steps?.[0] : undefined;
    expect(nested).toMatchObject({ output: { nsfwLevel: 'r' } });
  });

  it('normalises PascalCase and camelCase enums to one spelling', () => {
    expect(WorkflowStatusSchema.parse('Processing')).toBe('processing');
    expect(WorkflowStatusSchema.parse('CANCELED')).toBe('canceled');
    expect(WorkflowStatusSchema.safeParse('pending').success).toBe(false);
    expect(NsfwLevelSchema.parse('PG13')).toBe('pg13');
    expect(NsfwLevelSchema.parse('pg-13')).toBe('pg13');
    expect(NsfwLevelSchema.safeParse('0').success).toBe(false);
    expect(WorkflowStepSchema.parse({ $type: 'ImageGen', name: '0', status: 'Succeeded' }).$type).toBe('imageGen');
    expect(JobEventSchema.parse({ type: 'succeeded', provider: 'valdiai' })).toMatchObject({ type: 'Succeeded', provider: 'ValdiAI' });
  });

  it('keeps open vocabularies open', () => {
    const event = JobEventSchema.parse({ type: 'Teleported', provider: 'local', jobType: 'SomethingV9' });
    expect(event).toMatchObject({ type: 'Teleported', provider: 'local', jobType: 'SomethingV9' });
    const blob = BlobSchema.parse({ id: 'A', available: true, blockedReason: 'siteRestricted', nsfwLevel: 7 });
    expect(blob.blockedReason).toBe('siteRestricted');
    // A garbage level survives as an unrecognised string rather than failing the workflow or becoming a safe level.
    expect(blob.nsfwLevel).toBe('7');
  });

  it('accepts dates of any fractional precision and TimeSpans with a day part', () => {
    for (const date of ['2026-10-05T12:35:00Z', '2026-01-21T22:21:26.332Z', '2025-10-29T21:29:24.7599308Z', '2026-01-01T00:00:00+02:00']) {
      expect(WireDateSchema.safeParse(date).success).toBe(true);
    }
    expect(WireDateSchema.safeParse('yesterday').success).toBe(false);
    expect(TimeSpanSchema.safeParse('1.02:03:04.1234567').success).toBe(true);
    expect(TimeSpanSchema.safeParse('00:10:00').success).toBe(true);
    expect(TimeSpanSchema.safeParse('10 minutes').success).toBe(false);
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const json = '{"id":"1-20260101000000000","createdAt":"2026-01-01T00:00:00Z","status":"succeeded","__proto__":{"polluted":1},"metadata":{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}}}}';
    const workflow = WorkflowSchema.parse(JSON.parse(json));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(workflow)).toBe(Object.prototype);
    expect((workflow as Record<string, unknown>).polluted).toBeUndefined();
    expect((workflow.metadata as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses a 100-workflow page quickly', () => {
    const page = { items: Array.from({ length: 100 }, () => generationWorkflow), next: 'c' };
    WorkflowPageSchema.parse(page);
    const started = performance.now();
    for (let i = 0; i < 5; i += 1) WorkflowPageSchema.parse(page);
    // Generous for a busy 2-core machine; a warm parse of this page takes a few milliseconds.
    expect((performance.now() - started) / 5).toBeLessThan(150);
  });
});

describe('requests', () => {
  it('limits tags to 10 of at most 200 characters, and only `canceled` as a status', () => {
    expect(UpdateWorkflowRequestSchema.safeParse({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }).success).toBe(false);
    expect(UpdateWorkflowRequestSchema.safeParse({ tags: ['x'.repeat(201)] }).success).toBe(false);
    expect(UpdateWorkflowRequestSchema.parse({ status: 'Canceled', unknown: 1 })).toEqual({ status: 'canceled' });
    expect(UpdateWorkflowRequestSchema.safeParse({ status: 'succeeded' }).success).toBe(false);
  });

  it('reads JSON Patch documents and taint requests', () => {
    expect(JsonPatchSchema.parse([{ op: 'Add', path: '/metadata/output', value: {} }])[0]?.op).toBe('add');
    expect(JsonPatchSchema.safeParse([{ op: 'merge', path: '/' }]).success).toBe(false);
    expect(TaintJobRequestSchema.parse({ reason: 'csam', context: { message: 'm' } }).reason).toBe('csam');
    expect(TaintJobRequestSchema.safeParse({}).success).toBe(false);
  });
});

describe('training moderation status', () => {
  const training = (moderationStatus: unknown) =>
    WorkflowStepSchema.parse({ $type: 'training', name: '$0', status: 'Succeeded', output: { moderationStatus, epochs: [] } });
  const statusOf = (step: ReturnType<typeof training>) => (step.output as { moderationStatus?: unknown } | null | undefined)?.moderationStatus;

  it('reads v2 camelCase and manager PascalCase alike, in any casing, as the canonical v2 value', () => {
    for (const wire of ['underReview', 'UnderReview', 'UNDERREVIEW', 'underreview']) expect(statusOf(training(wire))).toBe('underReview');
    expect(statusOf(training('Approved'))).toBe('approved');
    expect(statusOf(training('Rejected'))).toBe('rejected');
    expect(statusOf(training('Evaluating'))).toBe('evaluating');
    expect(toModerationStatus(' UnderReview ')).toBe('underReview');
    expect(toModerationStatus('pending')).toBeUndefined();
    expect(toModerationStatus(3)).toBeUndefined();
  });

  it('keeps an unknown status as sent and reads a non-string as absent, without failing the step', () => {
    expect(statusOf(training('Escalated'))).toBe('Escalated');
    const odd = training(42);
    expect(odd.$type).toBe('training');
    expect(statusOf(odd)).toBeNull();
  });

  it('takes a gate decision with a message of at most 1000 characters', () => {
    expect(ModerationGateRequestSchema.parse({ approved: false, message: 'x'.repeat(1000) }).approved).toBe(false);
    expect(ModerationGateRequestSchema.safeParse({ approved: true, message: 'x'.repeat(1001) }).success).toBe(false);
    expect(ModerationGateRequestSchema.safeParse({ message: 'no verdict' }).success).toBe(false);
  });
});
