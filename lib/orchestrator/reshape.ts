/**
 * Wire → app shapes (types.ts). Pure: parsed wire values in, console values out. Signed URLs are dropped here,
 * so nothing downstream can hand one to a browser.
 */

import { parseBlockedReason } from './blocked-reason';
import { allSteps } from './workflow-steps';
import { parseWorkflowId } from './ids';
import { BlobSchema, isKnownStep, type WireStep, type WireStrikes, type WireWorkflow } from './schemas';
import type { MediaItem, MediaType, PromptParams, StepJob, StrikeGroup, Workflow, WorkflowStep } from './types';

/** A wire date as a canonical ISO string (7 fractional digits become 3); null when absent or unreadable. */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Prompt fields from a `params` object (civitai's form) with an optional fallback object (a step's input). */
function readParams(primary: Record<string, unknown>, fallback: Record<string, unknown> = {}): PromptParams {
  const pick = (key: string) => asText(primary[key]) ?? asText(fallback[key]);
  return {
    prompt: pick('prompt') ?? asText(fallback.positivePrompt),
    negativePrompt: pick('negativePrompt'),
    form: asText(primary.workflow),
    ecosystem: pick('ecosystem'),
  };
}

const EXTENSION_TYPES: Record<string, MediaType> = {
  jpeg: 'image',
  jpg: 'image',
  png: 'image',
  webp: 'image',
  gif: 'image',
  avif: 'image',
  mp4: 'video',
  webm: 'video',
  mov: 'video',
  mp3: 'audio',
  wav: 'audio',
  flac: 'audio',
  ogg: 'audio',
  glb: 'model3d',
  fbx: 'model3d',
  obj: 'model3d',
  usdz: 'model3d',
};

const VIDEO_STEP_TYPES = new Set(['videoGen', 'videoUpscaler', 'videoEnhancement', 'videoInterpolation']);

function mediaTypeOf(declared: string | null | undefined, blobId: string, stepType: string): MediaType {
  const type = declared?.toLowerCase();
  if (type === 'image' || type === 'video' || type === 'audio' || type === 'model3d') return type;
  const extension = /\.([a-z0-9]{2,5})$/i.exec(blobId)?.[1]?.toLowerCase();
  if (extension && EXTENSION_TYPES[extension]) return EXTENSION_TYPES[extension];
  if (VIDEO_STEP_TYPES.has(stepType)) return 'video';
  if (stepType === 'aceStepAudio') return 'audio';
  return 'unknown';
}

// Bounds for the walk over an output: a hostile or enormous payload cannot make it run away.
const MAX_DEPTH = 6;
const MAX_MEDIA_PER_STEP = 2_000;

/**
 * Every blob in a step's output, whatever the step type: any object shaped like a Blob (`id` + `available`) is one.
 * Walking the whole output means a step type added upstream tomorrow still shows (and gates) its media. Nested
 * `steps` of a `repeat` are left to their own step.
 */
function collectMedia(output: unknown, stepName: string, stepType: string): MediaItem[] {
  const found = new Map<string, MediaItem>();
  const visit = (value: unknown, depth: number, key: string) => {
    if (depth > MAX_DEPTH || found.size >= MAX_MEDIA_PER_STEP || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1, key);
      return;
    }
    // A training epoch's `model` is the trained weights file, not media to review.
    if (stepType === 'training' && key === 'model') return;
    const blob = BlobSchema.safeParse(value);
    if (blob.success) {
      const { data } = blob;
      if (!found.has(data.id)) {
        found.set(data.id, {
          blobId: data.id,
          mediaType: mediaTypeOf(data.type, data.id, stepType),
          available: data.available,
          nsfwLevel: data.nsfwLevel ?? null,
          blockedReason: parseBlockedReason(data.blockedReason),
          jobId: data.jobId ?? null,
          width: data.width ?? null,
          height: data.height ?? null,
          stepName,
        });
      }
      return;
    }
    for (const [childKey, child] of Object.entries(value)) {
      if (stepType === 'repeat' && childKey === 'steps') continue;
      visit(child, depth + 1, childKey);
    }
  };
  visit(output, 0, '');
  return [...found.values()];
}

const URL_KEYS = new Set(['url', 'previewUrl', 'blobUrl', 'uploadUrl']);
const SIGNED_OR_BLOB_URL = /^https?:\/\/\S*(?:[?&]sig=|\/consumer\/blobs\/)/i;

/**
 * A copy with every storage URL removed: the `url`-like keys of blobs, and any string that is a signed or blob URL.
 * Signed URLs grant the bytes without a token, so they must never reach a browser (TEST-PLAN principles).
 */
export function withoutSignedUrls(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SIGNED_OR_BLOB_URL.test(value) ? '[storage URL removed]' : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32) return null;
  if (Array.isArray(value)) return value.map((item) => withoutSignedUrls(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, child]) => !(URL_KEYS.has(key) && typeof child === 'string'))
      .map(([key, child]) => [key, withoutSignedUrls(child, depth + 1)]),
  );
}

function stepErrors(output: unknown): string[] {
  const errors = asRecord(output).errors;
  return Array.isArray(errors) ? errors.filter((error): error is string => typeof error === 'string') : [];
}

function toJob(job: NonNullable<WireStep['jobs']>[number]): StepJob {
  return {
    id: job.id,
    status: job.status,
    startedAt: isoDate(job.startedAt),
    completedAt: isoDate(job.completedAt),
    reason: job.reason ?? null,
    blockedReason: parseBlockedReason(job.blockedReason),
    cost: job.cost ?? null,
  };
}

export function toStep(step: WireStep): WorkflowStep {
  const input = asRecord(step.input);
  const metadataParams = asRecord(asRecord(step.metadata).params);
  const nested = step.$type === 'repeat' && isKnownStep(step) ? asRecord(step.output).steps : undefined;
  return {
    name: step.name,
    type: step.$type,
    known: isKnownStep(step),
    status: step.status,
    startedAt: isoDate(step.startedAt),
    completedAt: isoDate(step.completedAt),
    jobs: (step.jobs ?? []).map(toJob),
    media: collectMedia(step.output, step.name, step.$type),
    params: readParams(metadataParams, input),
    engine: asText(input.engine),
    model: asText(input.model),
    errors: stepErrors(step.output),
    children: Array.isArray(nested) ? (nested as WireStep[]).map(toStep) : [],
    input: withoutSignedUrls(input) as Record<string, unknown>,
    output: withoutSignedUrls(step.output ?? null),
  };
}

export function toWorkflow(wire: WireWorkflow, fallbackId = ''): Workflow {
  const id = wire.id ?? fallbackId;
  const steps = (wire.steps ?? []).map(toStep);
  const flat = allSteps({ steps });
  const metadata = asRecord(wire.metadata);
  return {
    id,
    ownerId: parseWorkflowId(id)?.owner ?? null,
    status: wire.status,
    createdAt: isoDate(wire.createdAt) ?? wire.createdAt,
    startedAt: isoDate(wire.startedAt),
    completedAt: isoDate(wire.completedAt),
    deletedAt: isoDate(wire.deletedAt),
    tags: wire.tags ?? [],
    nsfwLevel: wire.nsfwLevel ?? null,
    allowMatureContent: wire.allowMatureContent ?? null,
    params: readParams(asRecord(metadata.params)),
    metadata: withoutSignedUrls(metadata) as Record<string, unknown>,
    costTotal: wire.cost?.total ?? null,
    steps,
    media: flat.flatMap((step) => step.media),
    jobCount: flat.reduce((count, step) => count + step.jobs.length, 0),
  };
}

export function toStrikeGroups(wire: WireStrikes): StrikeGroup[] {
  return wire.map((group) => ({
    status: group.status ?? null,
    strikes: group.strikes.map(({ strike, job }) => ({
      jobId: strike.jobId ?? null,
      reason: strike.reason ?? null,
      at: isoDate(strike.dateTime),
      job: job
        ? {
            id: job.id ?? null,
            type: job.type ?? null,
            prompt: job.prompt ?? null,
            negativePrompt: job.negativePrompt ?? null,
            resources: job.resources ?? [],
            // previewUrl is a storage URL: it never leaves the server.
            blobIds: (job.blobs ?? []).map((blob) => blob.id),
          }
        : null,
    })),
  }));
}
