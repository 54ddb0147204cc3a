import { TERMINAL_STATUSES, type NsfwLevel, type WorkflowStatus } from '../../lib/orchestrator/schemas';
import { dotnetDate } from '../format';
import type { HandleCodec } from '../handles';
import { Rng } from '../rng';
import type { BlobFact, BlobPlan, JobFact, StepPlan, WorkflowModel, WorkflowPlan, WorkflowRecord } from './types';
import { PROVIDERS } from './vocab';

/** Blob URLs are absolute on the wire; the host is whatever the client called, filled in when a response is written. */
export const ORIGIN_PLACEHOLDER = '{{emulator-origin}}';

export interface MaterialiseContext {
  seed: number;
  codec: HandleCodec;
  /** `exp` of every signed URL issued by this process. */
  urlExpiry: string;
}

const CONTENT_TYPES: Record<string, string> = { jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', mp4: 'video/mp4' };
const MATURE: ReadonlySet<string> = new Set(['r', 'x', 'xxx']);
const SEVERITY: Record<NsfwLevel, number> = { na: -1, pg: 0, pg13: 1, r: 2, x: 3, xxx: 4 };

/** The highest level among outputs; `na` and missing levels are ignored, as civitai does (contract §3.5). */
export function maxLevel(levels: ReadonlyArray<NsfwLevel | undefined>): NsfwLevel | null {
  let best: NsfwLevel | null = null;
  for (const level of levels) {
    if (level && level !== 'na' && (best === null || SEVERITY[level] > SEVERITY[best])) best = level;
  }
  return best;
}

export const isMature = (level: string | undefined | null) => level !== undefined && level !== null && MATURE.has(level);

export function signedBlobUrl(ctx: MaterialiseContext, blobId: string, exp = ctx.urlExpiry): string {
  return `${ORIGIN_PLACEHOLDER}/v2/consumer/blobs/${blobId}?sig=${ctx.codec.signature(blobId, exp)}&exp=${exp}`;
}

interface Clock {
  ms: number;
}

/** Turns a plan into the v2 wire workflow plus the facts behind v1 job detail and blob reads. */
export function materialise(record: WorkflowRecord, plan: WorkflowPlan, ctx: MaterialiseContext): WorkflowModel {
  const rng = new Rng(ctx.seed, 'materialise', record.index);
  const jobs = new Map<string, JobFact>();
  const blobs = new Map<string, BlobFact>();
  const status = record.status;
  const terminal = TERMINAL_STATUSES.has(status);
  const queued = status === 'unassigned' || status === 'preparing' || status === 'scheduled';
  const clock: Clock = { ms: record.createdMs + rng.int(300, 2500) };
  const workflowStarted = queued ? null : clock.ms;
  const lastStep = plan.steps.length - 1;

  const stepStatus = (index: number): WorkflowStatus => {
    if (status === 'failed') return index < lastStep ? 'succeeded' : 'failed';
    if (status === 'processing') return index === 0 ? 'processing' : 'unassigned';
    return status;
  };

  const buildStep = (step: StepPlan, stepIndex: number, handleStep: number, statusOfStep: WorkflowStatus): Record<string, unknown> => {
    const started = statusOfStep === 'unassigned' || statusOfStep === 'scheduled' || statusOfStep === 'preparing' ? null : clock.ms;
    const succeeded = statusOfStep === 'succeeded';
    const outputs: Record<string, unknown>[] = [];
    let stepEnd = clock.ms;
    const wireJobs = step.jobs.map((job, jobIndex) => {
      const handle = { workflowIndex: record.index, step: handleStep, item: jobIndex };
      const jobId = plan.legacyIds ? ctx.codec.legacyJobId(handle) : ctx.codec.jobId(handle);
      const jobStatus = job.status ?? (statusOfStep === 'failed' && jobIndex > 0 ? 'canceled' : statusOfStep);
      const video = step.shape === 'video';
      const durationMs = video ? rng.int(40_000, 240_000) : rng.int(3_000, 30_000);
      const claimMs = rng.int(150, 900);
      const jobEnd = (started ?? clock.ms) + claimMs + durationMs;
      const jobTerminal = TERMINAL_STATUSES.has(jobStatus);
      if (jobTerminal) stepEnd = Math.max(stepEnd, jobEnd);
      const cost = Math.round((video ? 20 + rng.next() * 60 : 0.5 + rng.next() * 3) * 10) / 10;
      const facts: BlobFact[] = [];
      if (succeeded || jobStatus === 'succeeded') {
        job.blobs.forEach((blob, blobIndex) => {
          const item = outputs.length;
          const id = blobIdFor(ctx, record, plan, step, handleStep, item, blobIndex, jobEnd, blob);
          const fact = blobFact(record, id, jobId, blob);
          facts.push(fact);
          blobs.set(id, fact);
          outputs.push(wireBlob(ctx, fact, blob, id, jobId));
        });
      }
      const reason = job.reason !== undefined ? job.reason : failureReason(rng, jobStatus);
      const wire: Record<string, unknown> = {
        id: jobId,
        status: jobStatus,
        startedAt: started === null ? null : dotnetDate(started + claimMs, rng.int(0, 9999)),
        completedAt: jobTerminal ? dotnetDate(jobEnd, rng.int(0, 9999)) : null,
        queuePosition: queued
          ? { support: 'available', precedingJobs: rng.int(1, 40), startAt: dotnetDate(clock.ms + 20_000), completeAt: dotnetDate(clock.ms + 45_000) }
          : { support: 'available', precedingJobs: 0, startAt: null, completeAt: null },
        cost,
        estimatedProgressRate: jobStatus === 'processing' ? Math.round(rng.next() * 80 + 10) / 100 : null,
      };
      if (reason !== undefined) wire.reason = reason;
      if (job.blockedReason !== undefined) wire.blockedReason = job.blockedReason;
      else if (reason === 'blocked') wire.blockedReason = 'NsfwLevel';
      const params = step.input;
      jobs.set(jobId, {
        id: jobId,
        workflowIndex: record.index,
        stepName: step.name,
        jobType: step.jobType,
        provider: rng.pick(PROVIDERS),
        workerId: `${rng.hex(8)}-${rng.hex(4)}-worker`,
        createdMs: record.createdMs + rng.int(50, 400),
        claimMs,
        durationMs,
        cost: cost + (rng.chance(0.3) ? 2e-16 : 0),
        blobs: facts,
        promptClassification: job.flags ?? classify(rng, plan.prompt, facts),
        prompt: plan.prompt,
        negativePrompt: plan.negativePrompt,
        params,
        model: plan.model,
        retryAttempt: rng.chance(0.05) ? 1 : 0,
        blockedReason: facts.find((fact) => fact.blockedReason)?.blockedReason ?? null,
      });
      return wire;
    });

    const wire: Record<string, unknown> = {
      $type: step.$type,
      name: step.name,
      priority: record.profile === 'integrator' ? 'normal' : 'low',
      timeout: step.shape === 'video' ? '00:30:00' : '00:10:00',
      retries: null,
      status: statusOfStep,
      startedAt: started === null ? null : dotnetDate(started, rng.int(0, 9999)),
      completedAt: TERMINAL_STATUSES.has(statusOfStep) ? dotnetDate(stepEnd, rng.int(0, 9999)) : null,
      estimatedProgressRate: statusOfStep === 'processing' ? 0.35 : null,
      metadata: step.metadata ?? {},
      jobs: wireJobs,
      input: step.input,
    };
    const nestedBase = 16 + stepIndex * 8;
    const output = stepOutput(step, outputs, succeeded, statusOfStep, (nested, i) => buildStep(nested, stepIndex, nestedBase + i, statusOfStep));
    if (output !== undefined) wire.output = output;
    clock.ms = stepEnd + rng.int(50, 400);
    return wire;
  };

  const steps = plan.steps.map((step, i) => buildStep(step, i, i, stepStatus(i)));
  const allBlobLevels = [...blobs.values()].map((fact) => fact.nsfwLevel);
  const totalCost = Math.round([...jobs.values()].reduce((sum, job) => sum + job.cost, 0) * 10) / 10;
  const workflow: Record<string, unknown> = {
    id: record.id,
    createdAt: dotnetDate(record.createdMs, record.createdSub),
    startedAt: workflowStarted === null ? null : dotnetDate(workflowStarted, rng.int(0, 9999)),
    completedAt: terminal ? dotnetDate(clock.ms, rng.int(0, 9999)) : null,
    status,
    tags: [...record.tags],
    metadata: plan.metadata,
    arguments: plan.arguments,
    steps,
    callbacks: plan.callbacks,
    tips: { civitai: 0, creators: 0 },
    cost: { base: totalCost, factors: {}, fixed: {}, tips: { civitai: 0, creators: 0 }, fees: null, total: totalCost },
    transactions: {
      list: plan.currencies.length ? [{ type: 'debit', amount: totalCost, id: rng.hex(24), accountType: plan.currencies[0] }] : [],
      insufficientBuzz: null,
    },
    nsfwLevel: maxLevel(allBlobLevels),
    experimental: false,
    allowMatureContent: plan.allowMatureContent,
    upgradeMode: 'manual',
    currencies: plan.currencies,
    forceRefunded: false,
    ephemeral: record.ephemeral ? true : null,
    externalId: plan.externalId,
    lostBlobsRefund: null,
    deletedAt: record.deletedAt,
  };
  return { record, workflow, jobs, blobs };
}

function stepOutput(
  step: StepPlan,
  blobs: Record<string, unknown>[],
  succeeded: boolean,
  status: WorkflowStatus,
  nested: (step: StepPlan, index: number) => Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (step.shape === 'video' && status === 'processing') return { video: null, additionalVideos: null, progress: 0.4 };
  if (!succeeded) return undefined;
  switch (step.shape) {
    case 'images':
      return { images: blobs, errors: [] };
    case 'blobs':
      return { blobs };
    case 'customComfy': {
      const kept = blobs.slice(0, -1);
      return { blobs: kept, tempBlobs: blobs.slice(-1), traceUrl: null, usage: { buzzPerSecond: 0.8, runtimeSeconds: 21.4, estimatedCost: 17, computedAt: null } };
    }
    case 'video':
      return { video: blobs[0] ?? null, additionalVideos: null, progress: 1 };
    case 'frames':
      return { frames: blobs, totalFramesExtracted: blobs.length };
    case 'repeat':
      return { steps: (step.nested ?? []).map(nested) };
    case 'training': {
      const jobId = blobs[0]?.jobId;
      const model = jobId ? { type: 'model', id: `${String(jobId)}-epoch_1.safetensors`, available: true, url: null, jobId } : null;
      return { moderationStatus: step.moderationStatus ?? 'approved', epochs: [{ epochNumber: 1, model, samples: blobs }] };
    }
    default:
      return step.output ?? {};
  }
}

function blobIdFor(
  ctx: MaterialiseContext,
  record: WorkflowRecord,
  plan: WorkflowPlan,
  step: StepPlan,
  handleStep: number,
  item: number,
  blobIndex: number,
  timeMs: number,
  blob: BlobPlan,
): string {
  const handle = { workflowIndex: record.index, step: handleStep, item };
  if (plan.legacyIds) return ctx.codec.legacyBlobKey(handle);
  if (step.shape === 'customComfy') {
    const last = blobIndex === step.jobs[0]!.blobs.length - 1;
    const file = last ? `ComfyUI_temp_${String(item + 1).padStart(5, '0')}_.png` : `ComfyUI_${String(item + 1).padStart(5, '0')}_.png`;
    return ctx.codec.customComfyBlobId(record.index, file);
  }
  return ctx.codec.blobId(handle, timeMs, blob.extension ?? (blob.type === 'video' ? 'mp4' : 'jpeg'));
}

function blobFact(record: WorkflowRecord, id: string, jobId: string, blob: BlobPlan): BlobFact {
  const extension = blob.extension ?? (blob.type === 'video' ? 'mp4' : 'jpeg');
  return {
    id,
    workflowIndex: record.index,
    workflowId: record.id,
    owner: record.owner,
    jobId,
    type: blob.type,
    extension,
    contentType: CONTENT_TYPES[extension] ?? 'image/png',
    width: blob.width ?? 1024,
    height: blob.height ?? 1024,
    nsfwLevel: blob.level === 'missing' ? undefined : blob.level,
    blockedReason: blob.blockedReason ?? null,
    available: blob.available ?? true,
    csamScore: blob.csam,
    ...(blob.nearDuplicate ? { nearDuplicate: blob.nearDuplicate } : {}),
  };
}

function wireBlob(ctx: MaterialiseContext, fact: BlobFact, blob: BlobPlan, id: string, jobId: string): Record<string, unknown> {
  const url = signedBlobUrl(ctx, id);
  const wire: Record<string, unknown> = {
    type: fact.type,
    id,
    available: fact.available,
    url,
    urlExpiresAt: ctx.urlExpiry,
  };
  if (fact.type === 'image') Object.assign(wire, { previewUrl: url, previewUrlExpiresAt: ctx.urlExpiry });
  Object.assign(wire, { jobId, width: fact.width, height: fact.height });
  if (blob.level !== 'missing') wire.nsfwLevel = blob.level;
  wire.blockedReason = fact.blockedReason;
  return wire;
}

function failureReason(rng: Rng, status: WorkflowStatus): string | undefined {
  switch (status) {
    case 'failed':
      // Some real failures carry no reason at all (contract §3.3).
      return rng.weighted<string | undefined>([['no_provider_available', 40], [undefined, 40], ['blocked', 20]]);
    case 'expired':
      return 'expired';
    case 'canceled':
      return 'canceled';
    default:
      return undefined;
  }
}

/** Prompt-classification flags as the SKILL prints them; derived from the prompt and the job's scores. */
function classify(rng: Rng, prompt: string, facts: readonly BlobFact[]): Record<string, boolean> {
  const flagged = prompt.startsWith('[synthetic test prompt flagged');
  const sexual = flagged || facts.some((fact) => isMature(fact.nsfwLevel));
  const young = flagged || facts.some((fact) => fact.csamScore >= 10);
  return { sexual, young, cr: rng.chance(0.02), scan: sexual || young };
}
