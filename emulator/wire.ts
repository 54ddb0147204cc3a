import type { Context } from 'hono';
import type { z } from 'zod';
import { dotnetDate, hivePercent, pascal, timeSpan } from './format';
import { isMature, maxLevel, ORIGIN_PLACEHOLDER } from './seed/materialise';
import type { JobFact, WorkflowModel } from './seed/types';

/** How responses are written: JSON with absolute blob URLs on the caller's host, v1 PascalCase, ProblemDetails. */

const BLOB_FIELDS = ['images', 'blobs', 'tempBlobs', 'additionalVideos', 'frames'] as const;
const SINGLE_BLOB_FIELDS = ['video', 'blob', 'draftCache'] as const;

type Json = Record<string, unknown>;

/** A deep copy of a JSON document (twice as fast as structuredClone on these). */
export const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Calls `visit` on every blob object inside a workflow's step outputs, nested repeat steps included. */
export function forEachWireBlob(workflow: Json, visit: (blob: Json) => void): void {
  const walkSteps = (steps: unknown) => {
    if (!Array.isArray(steps)) return;
    for (const step of steps as Json[]) {
      const output = step.output as Json | undefined;
      if (!output) continue;
      for (const field of BLOB_FIELDS) if (Array.isArray(output[field])) (output[field] as Json[]).forEach(visit);
      for (const field of SINGLE_BLOB_FIELDS) if (output[field] && typeof output[field] === 'object') visit(output[field] as Json);
      // Training epochs: their sample images (the trained model file is not media).
      if (Array.isArray(output.epochs)) for (const epoch of output.epochs as Json[]) if (Array.isArray(epoch.samples)) (epoch.samples as Json[]).forEach(visit);
      walkSteps(output.steps);
    }
  };
  walkSteps(workflow.steps);
}

/** `hideMatureContent=true`: "any blob that has mature won't be available and won't have a URL" (SDK). */
export function hideMature(workflow: Json): Json {
  const copy = cloneJson(workflow);
  forEachWireBlob(copy, (blob) => {
    if (isMature(blob.nsfwLevel as string | undefined)) Object.assign(blob, { available: false, url: null, urlExpiresAt: null, previewUrl: null, previewUrlExpiresAt: null });
  });
  return copy;
}

const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value);
const pascalValue = (value: unknown) => (typeof value === 'string' ? pascal(value) : value);

/** The v1 manager form of a workflow: enums PascalCase (`Succeeded`), levels as their .NET member names (`PG13`). */
export function toV1Workflow(workflow: Json): Json {
  const copy = cloneJson(workflow);
  copy.status = pascalValue(copy.status);
  copy.upgradeMode = pascalValue(copy.upgradeMode);
  copy.nsfwLevel = upper(copy.nsfwLevel);
  const steps = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const step of list as Json[]) {
      step.status = pascalValue(step.status);
      step.priority = pascalValue(step.priority);
      for (const job of (step.jobs as Json[] | null) ?? []) {
        job.status = pascalValue(job.status);
        const queue = job.queuePosition as Json | null;
        if (queue) queue.support = pascalValue(queue.support);
      }
      const output = step.output as Json | undefined;
      if (output && 'nsfwLevel' in output) output.nsfwLevel = upper(output.nsfwLevel);
      if (output && 'moderationStatus' in output) output.moderationStatus = pascalValue(output.moderationStatus);
      steps(output?.steps);
    }
  };
  steps(copy.steps);
  forEachWireBlob(copy, (blob) => {
    if ('nsfwLevel' in blob) blob.nsfwLevel = upper(blob.nsfwLevel);
  });
  return copy;
}

export function origin(c: Context): string {
  return new URL(c.req.url).origin;
}

/** Serialises with blob URLs on the host the client called. */
export function json(c: Context, body: unknown, status = 200): Response {
  const text = JSON.stringify(body).replaceAll(ORIGIN_PLACEHOLDER, origin(c));
  return c.body(text, status as 200, { 'Content-Type': 'application/json; charset=utf-8' });
}

const PROBLEM_TYPES: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  401: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
  403: 'https://tools.ietf.org/html/rfc9110#section-15.5.4',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  405: 'https://tools.ietf.org/html/rfc9110#section-15.5.6',
  410: 'https://tools.ietf.org/html/rfc9110#section-15.5.11',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
  503: 'https://tools.ietf.org/html/rfc9110#section-15.6.4',
};
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'An error occurred while processing your request.',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

let traceCounter = 0;

export function problemBody(status: number, detail?: string, extra: Json = {}): Json {
  traceCounter += 1;
  const trace = traceCounter.toString(16).padStart(32, '0');
  return {
    type: PROBLEM_TYPES[status] ?? PROBLEM_TYPES[500],
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...extra,
    traceId: `00-${trace}-${trace.slice(16)}-00`,
  };
}

/** RFC 7807 `application/problem+json`, as ASP.NET writes it. */
export function problem(c: Context, status: number, detail?: string, extra: Json = {}): Response {
  return c.body(JSON.stringify(problemBody(status, detail, extra)), status as 400, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}

/** ValidationProblemDetails: `errors: { field: [messages] }`. */
export function validationProblem(c: Context, errors: Record<string, string[]>): Response {
  return c.body(
    JSON.stringify({ ...problemBody(400, undefined, { errors }), title: 'One or more validation errors occurred.' }),
    400,
    { 'Content-Type': 'application/problem+json; charset=utf-8' },
  );
}

/** A JSON request body parsed with a wire schema, or the 400 to send (ValidationProblemDetails for a wrong shape). */
export async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<{ data: T } | Response> {
  let value: unknown;
  try {
    value = JSON.parse(await c.req.text());
  } catch {
    return problem(c, 400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { data: parsed.data };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (errors[issue.path.map(String).join('.') || '$'] ??= []).push(issue.message);
  return validationProblem(c, errors);
}

const EVENT_TYPES: Record<string, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  expired: 'Expired',
  canceled: 'Canceled',
  processing: 'Updated',
  unassigned: 'Initialized',
  preparing: 'Initialized',
  scheduled: 'Initialized',
};

const camel = (value: string) => value.charAt(0).toLowerCase() + value.slice(1);

/** The wire job of a (possibly written) workflow: its current status lives there, not in the seeded facts. */
function wireJob(model: WorkflowModel, jobId: string): Json | undefined {
  let found: Json | undefined;
  const walk = (steps: unknown) => {
    if (!Array.isArray(steps)) return;
    for (const step of steps as Json[]) {
      for (const job of (step.jobs as Json[] | null) ?? []) if (job.id === jobId) found = job;
      walk((step.output as Json | undefined)?.steps);
    }
  };
  walk(model.workflow.steps);
  return found;
}

/** Scan context as the v1 API writes it: snake_case keys, pre-formatted string values (contract §4.4). */
function scanContext(job: JobFact, status: string, index: number): Json | null {
  if (status === 'unassigned' || status === 'preparing' || status === 'scheduled') return null;
  const trace = `00-${job.id.replace(/-/g, '').slice(0, 32).padEnd(32, '0')}-${job.id.replace(/-/g, '').slice(-16)}-00`;
  const context: Json = { worker_group: `group-${(index % 4) + 1}`, job_type: camel(job.jobType), trace_id: trace };
  if (status === 'failed') context.current_middleware = 'container-prep';
  if (job.blobs.length === 0 || status !== 'succeeded') return context;
  const level = maxLevel(job.blobs.map((blob) => blob.nsfwLevel));
  const top = Math.max(...job.blobs.map((blob) => blob.csamScore));
  context.hive_csam_score = job.blobs.map((blob) => hivePercent(blob.csamScore)).join(', ');
  context.hive_vlm_summary = `${(level ?? 'na').toUpperCase()}, ${top >= 50 ? 'Child' : top >= 10 ? 'Possible_Child' : 'No_Child'}`;
  context.nsfwLevel = (level ?? 'na').toUpperCase();
  if (job.blockedReason) context.blocked_reason = job.blockedReason;
  const ecosystem = job.params.ecosystem;
  if (typeof ecosystem === 'string') context.ecosystems = ecosystem;
  return context;
}

/** `GET /v1/consumer/jobs/{id}`: a JobStatus; `detailed` adds the original job definition. */
export function jobStatus(model: WorkflowModel, job: JobFact, detailed: boolean): Json {
  const wire = wireJob(model, job.id) ?? {};
  const status = String(wire.status ?? 'succeeded');
  const legacy = /^[0-9A-F]{64}$/.test(job.id);
  const properties = { workflowId: model.record.id };
  const eventMs = job.createdMs + job.claimMs + job.durationMs;
  const results = job.blobs.map((blob) => ({
    blobKey: blob.id,
    available: blob.available,
    ...(legacy ? { blobUrl: `${ORIGIN_PLACEHOLDER}/v2/consumer/blobs/${blob.id}`, blobUrlExpirationDate: dotnetDate(eventMs + 30 * 86_400_000) } : {}),
  }));
  const body: Json = {
    jobId: job.id,
    cost: job.cost,
    properties,
    // 2024 jobs carried one result object, 2026 jobs an array (contract §9.8); the emulator serves both.
    result: legacy ? (results[0] ?? null) : results,
    lastEvent: {
      jobId: job.id,
      type: EVENT_TYPES[status] ?? 'Updated',
      dateTime: dotnetDate(eventMs, job.durationMs % 10_000),
      provider: job.provider,
      workerId: job.workerId,
      claimDuration: timeSpan(job.claimMs, job.claimMs % 10_000),
      jobDuration: timeSpan(job.durationMs, job.durationMs % 10_000),
      retryAttempt: job.retryAttempt,
      cost: Math.round(job.cost * 10) / 10,
      jobProperties: properties,
      jobType: job.jobType,
      jobPriority: 0,
      claimHasCompleted: status !== 'processing',
      jobHasCompleted: status === 'succeeded' || status === 'failed' || status === 'expired' || status === 'canceled',
      context: scanContext(job, status, model.record.index),
    },
    serviceProviders: { [job.provider]: { support: 'Available', queuePosition: null } },
    scheduled: status === 'scheduled',
  };
  if (detailed) {
    const input = job.params;
    body.job = {
      id: job.id,
      type: job.jobType,
      createdAt: dotnetDate(job.createdMs, job.claimMs % 10_000),
      expireAt: dotnetDate(job.createdMs + 10 * 60_000),
      cost: Math.round(job.cost * 10) / 10,
      properties: { ...properties, stepName: job.stepName, userId: model.record.owner },
      model: job.model,
      params: {
        prompt: job.prompt,
        negativePrompt: job.negativePrompt,
        scheduler: 'EulerA',
        steps: input.steps ?? 25,
        cfgScale: input.cfgScale ?? 7,
        width: input.width ?? null,
        height: input.height ?? null,
        seed: input.seed ?? null,
        clipSkip: input.clipSkip ?? 2,
      },
      promptClassificationResult: job.promptClassification,
    };
  }
  return body;
}
