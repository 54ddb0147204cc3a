import { BLOCKED_REASONS, type NsfwLevel, type WorkflowStatus } from '../lib/orchestrator/schemas';
import { dotnetDate } from './format';
import { NEAR_DUPLICATE_EDITS, NEAR_DUPLICATE_FAMILIES } from './near-duplicates';
import { hash32, Rng } from './rng';
import { basePlan, planMetadata, sampleBlob, trainingStep } from './seed/plan';
import { civitaiTags, integratorTags, STATUS_MIX_TAG, SYSTEM_USER_ID, type Population, type RecordSpec } from './seed/population';
import type { BlobPlan, JobPlan, StepPlan, WorkflowPlan, WorkflowRecord } from './seed/types';

/**
 * Hand-planned workflows that tests (unit, route and browser) rely on, at the first indices of every seed. Their facts
 * (ids, levels, scores, counts) are published as `Scenarios`, through `control.scenarios` and GET /__emulator/scenarios,
 * so no test hard-codes a seeded id.
 */

export interface GalleryBlob {
  role: string;
  blobId: string;
  jobId: string;
  type: 'image' | 'video';
  /** null when the blob has no nsfwLevel field. */
  nsfwLevel: NsfwLevel | null;
  blockedReason: string | null;
  available: boolean;
  /** The blob's hive CSAM score in percent, as its job's `hive_csam_score` reports it. */
  csamScore: number;
}

export interface Scenarios {
  seed: number;
  workflows: number;
  /** The instant the seeded data is anchored to (newest workflows are just before it). */
  anchor: string;
  tokens: { service: string; users: Record<string, string> };
  /** The integrator the service token belongs to: it owns the `user:<id>`-tagged workflows. */
  integrator: { userId: number };
  /** Image blobs at every level, each blocked reason, unavailable, CSAM above/near, and a video; one blob per job. */
  gallery: { workflowId: string; owner: number; blobs: GalleryBlob[]; byRole: Record<string, GalleryBlob> };
  drillDown24: { workflowId: string; owner: number; jobCount: number; stepNames: string[] };
  riskyUser: { userId: number; workflowCount: number; workflowId: string; aboveJobId: string; nearJobId: string; strikeCount: number };
  matureUser: { userId: number; workflowCount: number };
  cleanUser: { userId: number; workflowCount: number };
  endUserTag: { tag: string; endUserId: number; integratorUserId: number; workflowCount: number };
  statusMix: { tag: string; ownerUserId: number; total: number; byStatus: Partial<Record<WorkflowStatus, number>>; excludeFailedTotal: number };
  processing: { workflowId: string; owner: number };
  processingVideo: { workflowId: string; owner: number };
  unknownStep: { workflowId: string; owner: number; stepName: string; stepType: string };
  deleted: { workflowId: string; owner: number };
  ephemeral: { workflowId: string; owner: number };
  hostileText: { workflowId: string; owner: number; prompt: string };
  legacy: { workflowId: string; owner: number; jobId: string; blobId: string };
  customComfy: { workflowId: string; owner: number };
  imageScan: { workflowId: string };
  videoScan: { workflowId: string };
  failedWithReason: { workflowId: string; owner: number; jobId: string; reason: string };
  /** A finished training whose moderation gate waits for a moderator (step output `moderationStatus: underReview`). */
  pendingGate: { workflowId: string; owner: number; stepName: string };
  /**
   * Families of near-duplicate images (emulator/near-duplicates.ts): one picture re-rendered with a small edit by
   * several end users of the integrator over several days, one output a workflow, in member order (the original
   * first). The first family's original is flagged: CSAM score above the hard gate.
   */
  nearDuplicates: NearDuplicateFamily[];
}

export interface NearDuplicateFamily {
  blobIds: string[];
  workflowIds: string[];
  owners: number[];
  /** Each member's end user (`user:<id>` tag). */
  endUsers: number[];
}

export const HOSTILE_PROMPT =
  '<script>alert(1)</script> <img src=x onerror=alert(1)> **bold** [link](javascript:alert(1)) \u202Egnp.exe \u200Bzero\u200Dwidth';

const MINUTE = 60_000;

const GALLERY_LEVELS: readonly NsfwLevel[] = ['pg', 'pg13', 'r', 'x', 'xxx', 'na'];
const EXTENSIONS = ['jpeg', 'png', 'webp'] as const;

interface GalleryEntry {
  role: string;
  blob: BlobPlan;
}

function galleryEntries(): GalleryEntry[] {
  const image = (i: number, blob: Omit<BlobPlan, 'type'>): BlobPlan => ({
    type: 'image',
    extension: EXTENSIONS[i % 3],
    width: i % 2 ? 832 : 1024,
    height: i % 2 ? 1216 : 1024,
    ...blob,
  });
  const entries: GalleryEntry[] = GALLERY_LEVELS.map((level, i) => ({ role: `level:${level}`, blob: image(i, { level, csam: 0.5 + i / 10 }) }));
  entries.push({ role: 'level:missing', blob: image(6, { level: 'missing', csam: 1.25 }) });
  BLOCKED_REASONS.forEach((reason, i) => {
    const child = reason.startsWith('Child');
    entries.push({
      role: `blocked:${reason}`,
      blob: image(7 + i, { level: child || reason === 'Bestiality' ? 'xxx' : 'x', blockedReason: reason, available: i % 2 === 0, csam: child ? 88.5 - i : 2.5 }),
    });
  });
  entries.push({ role: 'unavailable', blob: image(14, { level: 'pg13', available: false, csam: 0.75 }) });
  entries.push({ role: 'csam:above', blob: image(15, { level: 'x', csam: 72.5 }) });
  entries.push({ role: 'csam:near', blob: image(16, { level: 'r', csam: 27.25 }) });
  return entries;
}

const HOUR = 60 * MINUTE;
/** Levels and CSAM scores of a family's members, in member order: the first family's original is the flagged one. */
const NEAR_DUPLICATE_RISK: ReadonlyArray<Pick<BlobPlan, 'level' | 'csam'>> = [
  { level: 'x', csam: 72.5 },
  { level: 'r', csam: 4.5 },
  { level: 'pg13', csam: 1.25 },
  { level: 'x', csam: 8.75 },
  { level: 'r', csam: 2.5 },
];

/**
 * Family f, member m: a workflow of the integrator (the service token lists it, so the backfill indexes it) for an end
 * user of its own, a day or so apart, one to five days old: the flagged original is older than the 24 h of the
 * "unreviewed, CSAM near or above" preset, so the families leave that queue as the other scenarios made it.
 */
function nearDuplicateDefinitions(): ScenarioDefinition[] {
  return Array.from({ length: NEAR_DUPLICATE_FAMILIES }, (_, family) =>
    NEAR_DUPLICATE_EDITS.map((edit, member): ScenarioDefinition => ({
      key: nearDuplicateKey(family, member),
      spec: (p, anchor, rng) => {
        const endUser = p.endUsers[1 + ((family * NEAR_DUPLICATE_EDITS.length + member) % (p.endUsers.length - 1))]!;
        return integrator(p, anchor - (member * 19 + family * 3 + 26) * HOUR, rng, { endUser, tags: integratorTags(rng, endUser, 'image') });
      },
      plan: (seed, record, rng) => {
        const risk = family === 0 ? NEAR_DUPLICATE_RISK[member]! : { level: NEAR_DUPLICATE_RISK[member + 1]?.level ?? 'pg', csam: 1.5 };
        const look = { base: hash32('near-duplicate-family', seed, family), family, edit };
        return customPlan(seed, record, rng, [
          imageStep('0', [{ blobs: [{ type: 'image', ...risk, extension: 'jpeg', width: 1024, height: 1024, nearDuplicate: look }] }], 'a red fox in a misty forest, photorealistic'),
        ]);
      },
    })),
  ).flat();
}

export const nearDuplicateKey = (family: number, member: number) => `nearDuplicate:${family}:${member}`;

const GALLERY_VIDEO: GalleryEntry = { role: 'video', blob: { type: 'video', level: 'r', csam: 1.5, extension: 'mp4', width: 320, height: 240 } };

interface ScenarioDefinition {
  key: string;
  spec(population: Population, anchorMs: number, rng: Rng): RecordSpec;
  plan?(seed: number, record: WorkflowRecord, rng: Rng): WorkflowPlan;
}

function customPlan(seed: number, record: WorkflowRecord, rng: Rng, steps: StepPlan[], override?: Partial<WorkflowPlan>): WorkflowPlan {
  const meta = planMetadata(seed, record);
  return { ...basePlan(rng, record, meta, steps, ''), ...override };
}

function imageStep(name: string, jobs: JobPlan[], prompt = 'a lighthouse keeper at golden hour, watercolor'): StepPlan {
  return {
    $type: 'imageGen',
    name,
    jobType: 'TextToImageV2',
    shape: 'images',
    input: { engine: 'sdcpp', ecosystem: 'sdxl', operation: 'createImage', model: 'urn:air:sdxl:checkpoint:civitai:101055@128078', prompt, width: 1024, height: 1024, quantity: 1 },
    jobs,
  };
}

const civitai = (owner: number, createdMs: number, rng: Rng, extra: Partial<RecordSpec> = {}): RecordSpec => ({
  owner,
  kind: 'image',
  profile: 'mature',
  status: 'succeeded',
  createdMs,
  tags: civitaiTags(rng, 'image').slice(0, 6),
  ...extra,
});

/** A workflow of the integrator (the service token's owner), for the scenario end user. */
const integrator = (p: Population, createdMs: number, rng: Rng, extra: Partial<RecordSpec> = {}): RecordSpec => ({
  owner: p.integrator,
  kind: 'integratorImage',
  profile: 'integrator',
  status: 'succeeded',
  createdMs,
  tags: integratorTags(rng, p.scenarioEndUser, 'image'),
  endUser: p.scenarioEndUser,
  ...extra,
});

export const SCENARIO_DEFINITIONS: readonly ScenarioDefinition[] = [
  {
    key: 'gallery',
    spec: (p, anchor, rng) => civitai(p.galleryUser, anchor - 2 * MINUTE, rng),
    plan: (seed, record, rng) =>
      customPlan(seed, record, rng, [
        imageStep('$0', galleryEntries().map((entry) => ({ blobs: [entry.blob] }))),
        {
          $type: 'videoGen',
          name: '$1',
          jobType: 'VideoGen',
          shape: 'video',
          input: { engine: 'wan', prompt: 'a paper boat drifting, cinematic lighting', duration: 2 },
          jobs: [{ blobs: [GALLERY_VIDEO.blob] }],
        },
      ]),
  },
  {
    key: 'drillDown24',
    spec: (p, anchor, rng) => civitai(p.galleryUser, anchor - 3 * MINUTE, rng),
    plan: (seed, record, rng) =>
      customPlan(
        seed,
        record,
        rng,
        ['$0', '$1', '$2'].map((name) =>
          imageStep(name, Array.from({ length: 8 }, () => ({ blobs: [sampleBlob(rng, 'mature', 'image', [1024, 1024])] }))),
        ),
      ),
  },
  {
    key: 'processing',
    spec: (p, anchor, rng) => integrator(p, anchor - 30_000, rng, { status: 'processing' }),
  },
  {
    key: 'processingVideo',
    spec: (p, anchor, rng) => ({ ...civitai(p.matureUser, anchor - 45_000, rng), kind: 'video', status: 'processing', tags: civitaiTags(rng, 'video') }),
  },
  {
    key: 'unknownStep',
    spec: (p, anchor, rng) => ({ ...civitai(p.galleryUser, anchor - 4 * MINUTE, rng), kind: 'unknownStep' }),
  },
  {
    key: 'deleted',
    spec: (p, anchor, rng) => integrator(p, anchor - 5 * MINUTE, rng, { deletedAt: dotnetDate(anchor - MINUTE) }),
  },
  {
    key: 'ephemeral',
    spec: (p, anchor, rng) => integrator(p, anchor - 6 * MINUTE, rng, { ephemeral: true }),
  },
  {
    key: 'hostileText',
    spec: (p, anchor, rng) => ({
      ...civitai(p.galleryUser, anchor - 7 * MINUTE, rng, { profile: 'clean' }),
      tags: ['civitai', 'gen', 'img', 'txt2img', '<b>tag</b>', 'source:new'],
    }),
    plan: (seed, record, rng) => {
      const plan = customPlan(seed, record, rng, [imageStep('$0', [{ blobs: [sampleBlob(rng, 'clean', 'image', [1024, 1024])] }], HOSTILE_PROMPT)]);
      const longTail = ' lorem ipsum'.repeat(2_000);
      return {
        ...plan,
        prompt: HOSTILE_PROMPT,
        // A `__proto__` key as JSON.parse makes it: an own property, which a careless reader would merge into a prototype.
        metadata: {
          params: { workflow: 'txt2img', prompt: `${HOSTILE_PROMPT}${longTail}`, negativePrompt: '<iframe src="https://evil.test"></iframe>' },
          ...JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
        },
      };
    },
  },
  {
    key: 'customComfy',
    spec: (p, anchor, rng) => ({ ...civitai(p.matureUser, anchor - 8 * MINUTE, rng), kind: 'customComfy' }),
  },
  {
    key: 'legacy',
    spec: (p, anchor, rng) => ({ ...civitai(p.cleanUser, anchor - 400 * 24 * 60 * MINUTE, rng, { profile: 'clean' }), kind: 'legacy', tags: civitaiTags(rng, 'legacy') }),
  },
  {
    key: 'imageScan',
    spec: (_p, anchor) => ({ owner: SYSTEM_USER_ID, kind: 'imageScan', profile: 'system', status: 'succeeded', createdMs: anchor - 9 * MINUTE, tags: [] }),
  },
  {
    key: 'videoScan',
    spec: (_p, anchor) => ({ owner: SYSTEM_USER_ID, kind: 'videoScan', profile: 'system', status: 'succeeded', createdMs: anchor - 10 * MINUTE, tags: [], idShape: 'uuid' }),
  },
  {
    key: 'failedWithReason',
    spec: (p, anchor, rng) => integrator(p, anchor - 11 * MINUTE, rng, { status: 'failed' }),
    plan: (seed, record, rng) =>
      customPlan(seed, record, rng, [imageStep('0', [{ blobs: [], status: 'failed', reason: 'no_provider_available', blockedReason: null }])]),
  },
  {
    key: 'riskyUser',
    spec: (p, anchor, rng) => civitai(p.riskyUser, anchor - 12 * MINUTE, rng, { profile: 'risky' }),
    plan: (seed, record, rng) =>
      customPlan(seed, record, rng, [
        imageStep('$0', [
          {
            blobs: [
              { type: 'image', level: 'pg13', csam: 3.12, extension: 'jpeg', width: 832, height: 1216 },
              { type: 'image', level: 'r', csam: 61.5, extension: 'jpeg', width: 832, height: 1216 },
            ],
            flags: { sexual: true, young: true, cr: false, scan: true },
          },
          { blobs: [{ type: 'image', level: 'x', csam: 22.4, extension: 'webp', width: 832, height: 1216 }] },
        ]),
      ]),
  },
  {
    key: 'pendingGate',
    spec: (p, anchor, rng) => integrator(p, anchor - 13 * MINUTE, rng, { kind: 'training', tags: integratorTags(rng, p.scenarioEndUser, 'training') }),
    plan: (seed, record, rng) =>
      customPlan(seed, record, rng, [
        trainingStep(rng, '0', planMetadata(seed, record), [
          { type: 'image', level: 'pg13', csam: 1.75, extension: 'jpeg', width: 1024, height: 1024 },
          { type: 'image', level: 'r', csam: 2.5, extension: 'jpeg', width: 1024, height: 1024 },
        ], 'underReview'),
      ]),
  },
  ...nearDuplicateDefinitions(),
];

/** Record specs for the first indices, in order. */
export function scenarioSpecs(seed: number, population: Population, anchorMs: number): RecordSpec[] {
  return SCENARIO_DEFINITIONS.map((definition) => ({
    ...definition.spec(population, anchorMs, new Rng(seed, 'scenario-spec', definition.key)),
    scenario: definition.key,
  }));
}

const planners = new Map(SCENARIO_DEFINITIONS.filter((d) => d.plan).map((d) => [d.key, d.plan!]));

export function scenarioPlan(seed: number, record: WorkflowRecord): WorkflowPlan | undefined {
  const planner = record.scenario ? planners.get(record.scenario) : undefined;
  return planner?.(seed, record, new Rng(seed, 'scenario-plan', record.index));
}

/** The risk a workflow completed through the control endpoint carries: one image whose CSAM score is below, near or above. */
export type ControlledRisk = 'below' | 'near' | 'above';

const CONTROLLED_BLOBS: Record<ControlledRisk, BlobPlan> = {
  below: { type: 'image', level: 'pg13', csam: 1.25, extension: 'jpeg', width: 1024, height: 1024 },
  near: { type: 'image', level: 'r', csam: 27.25, extension: 'jpeg', width: 1024, height: 1024 },
  above: { type: 'image', level: 'x', csam: 72.5, extension: 'jpeg', width: 1024, height: 1024 },
};

export function controlledPlan(seed: number, record: WorkflowRecord, risk: ControlledRisk): WorkflowPlan {
  const name = record.profile === 'integrator' ? '0' : '$0';
  return customPlan(seed, record, new Rng(seed, 'controlled-plan', record.index), [imageStep(name, [{ blobs: [CONTROLLED_BLOBS[risk]] }])]);
}

export const GALLERY_ROLES = [...galleryEntries().map((entry) => entry.role), GALLERY_VIDEO.role];
export { STATUS_MIX_TAG };
