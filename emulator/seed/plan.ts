import type { NsfwLevel } from '../../lib/orchestrator/schemas';
import { Rng } from '../rng';
import type { BlobPlan, JobPlan, LevelPlan, RiskProfile, StepPlan, TrainingModerationStatus, WorkflowPlan, WorkflowRecord } from './types';
import {
  ECOSYSTEMS,
  IMAGE_ENGINES,
  IMAGE_SIZES,
  INTEGRATOR_APP,
  makePrompt,
  NEGATIVE_PROMPTS,
  SCHEDULERS,
  VIDEO_ENGINES,
  VIDEO_SIZES,
  type PromptTone,
} from './vocab';

/** Generic plans: what each kind of workflow holds, drawn from the owner's risk profile. */

const LEVELS: Record<RiskProfile, ReadonlyArray<readonly [NsfwLevel, number]>> = {
  clean: [['pg', 70], ['pg13', 25], ['r', 5]],
  edgy: [['pg', 40], ['pg13', 30], ['r', 20], ['x', 10]],
  mature: [['pg', 10], ['pg13', 15], ['r', 30], ['x', 30], ['xxx', 15]],
  risky: [['pg', 20], ['pg13', 20], ['r', 20], ['x', 20], ['xxx', 20]],
  integrator: [['pg', 50], ['pg13', 25], ['r', 15], ['x', 8], ['xxx', 2]],
  system: [['pg', 45], ['pg13', 25], ['r', 15], ['x', 10], ['xxx', 5]],
};

const CHILD_REASONS = ['Child Sexual - Realistic', 'Child Sexual - Anime', 'ChildReference'] as const;

/** A CSAM score in percent, by profile: mostly near zero; the risky profile has "near" and "above" jobs. */
function csamScore(rng: Rng, profile: RiskProfile): number {
  const low = (max: number) => Math.round(rng.next() * max * 100) / 100;
  switch (profile) {
    case 'risky':
      return rng.weighted<() => number>([
        [() => 50 + low(48), 30],
        [() => 10 + low(40), 20],
        [() => low(5), 50],
      ])();
    case 'edgy':
      return rng.chance(0.15) ? 10 + low(25) : low(5);
    case 'mature':
      return low(4);
    default:
      return low(profile === 'clean' ? 1.5 : 3);
  }
}

export function sampleBlob(rng: Rng, profile: RiskProfile, type: 'image' | 'video', size: readonly [number, number]): BlobPlan {
  let level: LevelPlan = rng.weighted(LEVELS[profile]);
  if (rng.chance(0.01)) level = 'na';
  else if (rng.chance(0.005)) level = 'missing';
  let csam = csamScore(rng, profile);
  let blockedReason: string | null = null;
  if (profile === 'risky' && (level === 'x' || level === 'xxx') && rng.chance(0.35)) {
    blockedReason = rng.pick(CHILD_REASONS);
    csam = Math.max(csam, 55 + Math.round(rng.next() * 4300) / 100);
  } else if (level === 'xxx' && rng.chance(0.1)) blockedReason = rng.pick(['NsfwLevel', 'MatureContent']);
  else if (rng.chance(0.003)) blockedReason = 'Bestiality';
  else if (rng.chance(0.003)) blockedReason = 'NSFWLevelSourceImageRestricted';
  const available = blockedReason ? !rng.chance(0.7) : !rng.chance(0.01);
  return {
    type,
    level,
    blockedReason,
    available,
    csam,
    extension: type === 'video' ? 'mp4' : rng.weighted([['jpeg', 70], ['png', 15], ['webp', 15]]),
    width: size[0],
    height: size[1],
  };
}

export interface MetadataPlan {
  prompt: string;
  negativePrompt: string;
  metadata: Record<string, unknown>;
  ecosystem: string;
  seed: number;
  quantity: number;
  size: readonly [number, number];
  model: string;
}

const toneOf = (profile: RiskProfile, rng: Rng): PromptTone =>
  profile === 'risky' && rng.chance(0.4) ? 'flagged' : profile === 'mature' || profile === 'risky' ? 'mature' : 'neutral';

/** The workflow's metadata, on its own random stream: text queries read it without building the whole workflow. */
export function planMetadata(seed: number, record: WorkflowRecord): MetadataPlan {
  const rng = new Rng(seed, 'metadata', record.index);
  const video = record.kind === 'video' || record.kind === 'integratorVideo' || record.kind === 'videoScan';
  const prompt = makePrompt((items) => rng.pick(items), toneOf(record.profile, rng));
  const negativePrompt = rng.pick(NEGATIVE_PROMPTS);
  const ecosystem = record.tags.find((tag) => (ECOSYSTEMS as readonly string[]).includes(tag)) ?? rng.pick(ECOSYSTEMS);
  const size = video ? rng.pick(VIDEO_SIZES) : rng.pick(IMAGE_SIZES);
  const quantity = video ? 1 : rng.int(1, 4);
  const generationSeed = rng.int(1, 2 ** 31 - 1);
  const model = `urn:air:${ecosystem.toLowerCase()}:checkpoint:civitai:${rng.int(1000, 999_999)}@${rng.int(1000, 2_999_999)}`;
  let metadata: Record<string, unknown>;
  if (record.profile === 'system') {
    metadata = { imageId: rng.int(1_000_000, 120_000_000) };
  } else if (record.kind === 'comfy') {
    metadata = {}; // Comfy Cloud workflows carry no metadata; the prompt is in the node graph (contract §11.3).
  } else if (record.profile === 'integrator') {
    metadata = { app: INTEGRATOR_APP, requestId: `req_${rng.hex(12)}`, prompt, endUser: `user:${record.endUser}` };
  } else {
    metadata = {
      params: {
        workflow: record.tags[3] ?? 'txt2img',
        ecosystem,
        prompt,
        negativePrompt,
        seed: generationSeed,
        quantity,
        sampler: 'Euler a',
        cfgScale: rng.pick([3.5, 5, 6, 7]),
        steps: rng.pick([20, 25, 30]),
        clipSkip: 2,
        aspectRatio: { value: `${size[0]}:${size[1]}`, width: size[0], height: size[1] },
      },
      resources: [{ id: rng.int(100_000, 2_000_000), strength: 1 }],
      remixOfId: rng.chance(0.1) ? rng.int(1_000_000, 90_000_000) : null,
      isPrivateGeneration: rng.chance(0.1),
    };
  }
  return { prompt, negativePrompt, metadata, ecosystem, seed: generationSeed, quantity, size, model };
}

function imageJobs(rng: Rng, profile: RiskProfile, meta: MetadataPlan, jobCount: number): JobPlan[] {
  return Array.from({ length: jobCount }, () => ({
    blobs: Array.from({ length: meta.quantity }, () => sampleBlob(rng, profile, 'image', meta.size)),
  }));
}

function imageGenInput(rng: Rng, meta: MetadataPlan): Record<string, unknown> {
  return {
    engine: rng.pick(IMAGE_ENGINES),
    ecosystem: meta.ecosystem.toLowerCase(),
    operation: 'createImage',
    model: meta.model,
    prompt: meta.prompt,
    negativePrompt: meta.negativePrompt,
    width: meta.size[0],
    height: meta.size[1],
    quantity: meta.quantity,
    steps: 25,
    cfgScale: 7,
    seed: meta.seed,
    sampleMethod: 'euler_a',
  };
}

function textToImageInput(rng: Rng, meta: MetadataPlan): Record<string, unknown> {
  return {
    model: meta.model,
    prompt: meta.prompt,
    negativePrompt: meta.negativePrompt,
    scheduler: rng.pick(SCHEDULERS),
    steps: 25,
    cfgScale: 7,
    width: meta.size[0],
    height: meta.size[1],
    seed: meta.seed,
    clipSkip: 2,
    quantity: meta.quantity,
    outputFormat: 'jpeg',
  };
}

function videoStep(rng: Rng, profile: RiskProfile, meta: MetadataPlan, name: string): StepPlan {
  return {
    $type: 'videoGen',
    name,
    jobType: 'VideoGen',
    shape: 'video',
    input: { engine: rng.pick(VIDEO_ENGINES), prompt: meta.prompt, duration: 5, aspectRatio: `${meta.size[0]}:${meta.size[1]}` },
    jobs: [{ blobs: [sampleBlob(rng, profile, 'video', meta.size)] }],
  };
}

function comfyGraph(meta: MetadataPlan): Record<string, unknown> {
  return {
    '3': { class_type: 'KSampler', inputs: { seed: meta.seed, steps: 25, cfg: 7, sampler_name: 'euler_ancestral' } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: meta.prompt } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: meta.negativePrompt } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'ComfyUI' } },
  };
}

function scanSteps(rng: Rng, video: boolean, seedUrl: string): StepPlan[] {
  const rating = (name: string): StepPlan => {
    const level = rng.weighted(LEVELS.system);
    return {
      $type: 'mediaRating',
      name,
      jobType: 'MediaRating',
      shape: 'rating',
      input: { mediaUrl: seedUrl, engine: 'civitai' },
      jobs: [{ blobs: [] }],
      output: { nsfwLevel: level, isBlocked: false, blockedReason: null, labels: rng.chance(0.2) ? ['Animal'] : [], csam: null },
    };
  };
  const tagging = (name: string): StepPlan => ({
    $type: 'wdTagging',
    name,
    jobType: 'WDTagging',
    shape: 'tagging',
    input: { mediaUrl: seedUrl, model: 'wd14-vit.v1', threshold: 0.5 },
    jobs: [{ blobs: [] }],
    output: {
      tags: { scenery: round(rng.next()), outdoors: round(rng.next()), no_humans: round(rng.next()) },
      rating: { general: round(rng.next()), sensitive: round(rng.next() / 2), questionable: round(rng.next() / 10), explicit: round(rng.next() / 50) },
    },
  });
  if (!video) {
    return [
      tagging('tags'),
      rating('rating'),
      {
        $type: 'mediaHash',
        name: 'hash',
        jobType: 'MediaHash',
        shape: 'hash',
        input: { mediaUrl: seedUrl, hashTypes: ['perceptual'] },
        jobs: [{ blobs: [] }],
        output: { hashes: { perceptual: rng.hex(16).toUpperCase() } },
      },
    ];
  }
  const frameCount = rng.int(3, 6);
  return [
    {
      $type: 'videoFrameExtraction',
      name: 'videoFrames',
      jobType: 'VideoFrameExtraction',
      shape: 'frames',
      input: { videoUrl: seedUrl, frameRate: 1, uniqueThreshold: 0.9, maxFrames: 6 },
      jobs: [{ blobs: Array.from({ length: frameCount }, () => sampleBlob(rng, 'system', 'image', [640, 360])) }],
    },
    {
      $type: 'repeat',
      name: 'frameRatings',
      jobType: 'Repeat',
      shape: 'repeat',
      input: { for: { $ref: 'videoFrames', path: 'output.frames', as: 'frame' }, template: { $type: 'mediaRating', input: { mediaUrl: { $ref: 'frame', path: 'url' } } } },
      jobs: [],
      nested: Array.from({ length: frameCount }, (_, i) => rating(`rating-${i}`)),
    },
    {
      $type: 'repeat',
      name: 'frameTags',
      jobType: 'Repeat',
      shape: 'repeat',
      input: { for: { $ref: 'videoFrames', path: 'output.frames', as: 'frame' }, template: { $type: 'wdTagging', input: { mediaUrl: { $ref: 'frame', path: 'url' } } } },
      jobs: [],
      nested: Array.from({ length: frameCount }, (_, i) => tagging(`tags-${i}`)),
    },
  ];
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** Finished trainings: most gates were decided, about one in three still waits for a moderator (contract §3.2 training). */
const TRAINING_MODERATION: ReadonlyArray<readonly [TrainingModerationStatus, number]> = [
  ['approved', 55], ['underReview', 30], ['rejected', 10], ['evaluating', 5],
];

/** A LoRA training step: its sample images are the outputs to review; its moderation gate holds the model meanwhile. */
export function trainingStep(rng: Rng, name: string, meta: MetadataPlan, samples: BlobPlan[], moderationStatus: TrainingModerationStatus): StepPlan {
  return {
    $type: 'training',
    name,
    jobType: 'Training',
    shape: 'training',
    input: {
      engine: rng.pick(['kohya', 'ai-toolkit', 'musubi']),
      model: meta.model,
      trainingData: { type: 'blobs', items: Array.from({ length: rng.int(8, 20) }, () => ({ air: `urn:air:other:other:orchestrator:blob@${rng.hex(24)}` })) },
      epochs: 1,
    },
    jobs: [{ blobs: samples }],
    moderationStatus,
  };
}

/** The generic plan of a record's workflow. */
export function planWorkflow(seed: number, record: WorkflowRecord): WorkflowPlan {
  const rng = new Rng(seed, 'plan', record.index);
  const meta = planMetadata(seed, record);
  const civitaiName = (i: number) => (record.profile === 'integrator' ? String(i) : `$${i}`);
  const mediaUrl = `https://image.civitai.com/xG1nkqKTMzGDvpLrqFT7WA/${rng.hex(8)}-${rng.hex(4)}/original=true/${rng.int(1e6, 1e8)}.jpeg`;
  let steps: StepPlan[];
  switch (record.kind) {
    case 'image':
    case 'integratorImage':
    case 'unknownStep':
      steps = [
        {
          $type: 'imageGen',
          name: civitaiName(0),
          jobType: 'TextToImageV2',
          shape: 'images',
          input: imageGenInput(rng, meta),
          jobs: imageJobs(rng, record.profile, meta, rng.int(1, 2)),
        },
      ];
      if (record.kind === 'unknownStep') {
        steps.push({
          $type: 'somethingNew',
          name: '$1',
          jobType: 'SomethingNew',
          shape: 'unknown',
          input: { mode: 'experimental', source: { $ref: '$0', path: 'output.images[0].url' } },
          jobs: [{ blobs: [] }],
          output: { verdict: 'unclear', scores: { novelty: 0.42 }, notes: ['not described by the SDK'] },
        });
      }
      break;
    case 'textToImage':
    case 'legacy':
      steps = [
        {
          $type: 'textToImage',
          name: civitaiName(0),
          jobType: 'TextToImage',
          shape: 'images',
          input: textToImageInput(rng, meta),
          jobs: imageJobs(rng, record.profile, meta, 1),
        },
      ];
      break;
    case 'video':
    case 'integratorVideo':
      steps = [videoStep(rng, record.profile, meta, civitaiName(0))];
      break;
    case 'comfy':
      steps = [
        {
          $type: 'comfy',
          name: '0',
          jobType: 'Comfy',
          shape: 'blobs',
          input: { comfyWorkflow: comfyGraph(meta), quantity: meta.quantity },
          jobs: [{ blobs: Array.from({ length: meta.quantity }, () => ({ ...sampleBlob(rng, record.profile, 'image', meta.size), extension: 'png' })) }],
        },
      ];
      break;
    case 'customComfy':
      steps = [
        {
          $type: 'customComfy',
          name: '$0',
          jobType: 'CustomComfy',
          shape: 'customComfy',
          input: { workflow: comfyGraph(meta), sessionId: rng.hex(12), resources: [meta.model] },
          jobs: [{ blobs: Array.from({ length: meta.quantity + 1 }, () => ({ ...sampleBlob(rng, record.profile, 'image', meta.size), extension: 'png' })) }],
        },
      ];
      break;
    case 'imageScan':
    case 'videoScan':
      steps = scanSteps(rng, record.kind === 'videoScan', mediaUrl);
      break;
    case 'training': {
      const samples = Array.from({ length: rng.int(2, 4) }, () => sampleBlob(rng, record.profile, 'image', meta.size));
      steps = [trainingStep(rng, civitaiName(0), meta, samples, rng.weighted(TRAINING_MODERATION))];
      break;
    }
  }
  return basePlan(rng, record, meta, steps, mediaUrl);
}

export function basePlan(rng: Rng, record: WorkflowRecord, meta: MetadataPlan, steps: StepPlan[], mediaUrl: string): WorkflowPlan {
  const civitai = record.profile !== 'integrator' && record.profile !== 'system';
  return {
    steps,
    metadata: meta.metadata,
    arguments: record.profile === 'system' ? { mediaUrl } : {},
    prompt: meta.prompt,
    negativePrompt: meta.negativePrompt,
    model: meta.model,
    legacyIds: record.kind === 'legacy',
    allowMatureContent: civitai ? record.profile !== 'clean' : record.profile === 'integrator' && rng.chance(0.3),
    callbacks: civitai
      ? [{ url: `https://signals.civitai.example/users/${record.owner}/signals/${rng.hex(16)}`, type: ['step:*'], detailed: null }]
      : record.profile === 'system'
        ? [{ url: 'https://events.civitai.example/orchestrator/scan', type: ['workflow:succeeded', 'workflow:failed', 'job:failed'], detailed: true }]
        : [],
    currencies: record.profile === 'system' ? [] : civitai ? ['yellow'] : ['blue', 'green'],
    externalId: record.profile === 'integrator' ? `${record.owner}-${rng.hex(10)}` : null,
  };
}
