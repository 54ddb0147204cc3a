import 'server-only';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { interpretJob } from '@/lib/moderation/read-model';
import type { CsamThresholds } from '@/lib/moderation/scan';
import { OrchestratorError } from '@/lib/orchestrator/errors';
import { isBlobId, isJobId } from '@/lib/orchestrator/ids';
import { toJobDetail } from '@/lib/orchestrator/jobs';
import { redact } from '@/lib/orchestrator/redact';
import { toWorkflow } from '@/lib/orchestrator/reshape';
import { allSteps } from '@/lib/orchestrator/workflow-steps';
import { JobStatusSchema, WorkflowSchema } from '@/lib/orchestrator/schemas';
import type { Workflow } from '@/lib/orchestrator/types';
import { upstreamPath } from '@/lib/orchestrator/client';
import { evidencePaths } from '@/lib/review/evidence-manifest';
import type { DecisionRecord } from '@/lib/review/history';
import { reasonLabel, type ReasonCode } from '@/lib/review/reason-codes';
import type { RawReader } from './upstream-raw';
import { EvidenceStopped, MissingEvidence, type EvidencePart } from './zip-writer';

/**
 * What goes into one workflow's evidence package, in order: the workflow as received, each job's detail and scan
 * context, the prompts, the decision history, then the original media (largest last). Each part is read only when
 * the zip is ready for it, so at most one document or one media stream is open at a time.
 */

export interface EvidenceSources {
  raw: RawReader;
  /** The original bytes of one output; `withheld` when the upstream only serves its moderation placeholder. */
  openMedia(blobId: string, signal?: AbortSignal): Promise<{ body: Readable; withheld: boolean }>;
  history(workflowId: string): Promise<DecisionRecord[]>;
  reasonCodes: readonly ReasonCode[];
  thresholds: CsamThresholds;
  originals: OriginalsPolicy;
}

/** Which originals go into the package, and what happens before one does. */
export interface OriginalsPolicy {
  /** False for `originals=none`: each original is listed as left out on request, and no byte of it is read. */
  include: boolean;
  /**
   * Runs after an original is opened upstream and before its first byte goes into the package: a hard-gated output's
   * reveal is recorded here. A throw stops the whole package (fail closed).
   */
  beforeOriginal(blobId: string): Promise<void>;
}

export const ORIGINAL_LEFT_OUT = 'Original left out on request (originals=none).';

const SIGNATURE_REDACTION = 'signed URL parameters (sig, exp) blanked: a signature is a live key to the media';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new OrchestratorError('upstream_invalid', `The Orchestration API sent a ${what} the console could not read.`);
  }
}

/** An upstream document as received, unless it holds signed URLs: then blanked, with the received hash on record. */
function documentParts(path: string, received: Buffer): EvidencePart[] {
  const text = received.toString('utf8');
  const clean = redact(text, []);
  if (clean === text) return [{ path, open: async () => received }];
  return [
    { path, open: async () => clean },
    { path, redacted: { receivedSha256: sha256(received), reason: SIGNATURE_REDACTION } },
  ];
}

export type EvidenceWorkflow = { workflow: Workflow; received: Buffer };

/** Reads the workflow itself; it must load before any byte of the package is sent, so a 404 is still a 404. */
export async function readEvidenceWorkflow(sources: EvidenceSources, workflowId: string, signal?: AbortSignal): Promise<EvidenceWorkflow> {
  const received = await sources.raw.read(upstreamPath`/v2/consumer/workflows/${workflowId}?hideMatureContent=false`, 'workflow', signal);
  const parsed = WorkflowSchema.safeParse(parseJson(received, 'workflow'));
  if (!parsed.success) throw new OrchestratorError('upstream_invalid', 'The Orchestration API sent a workflow the console could not read.');
  return { workflow: toWorkflow(parsed.data, workflowId), received };
}

type JobPrompt = { jobId: string; prompt: unknown; negativePrompt: unknown };

async function* jobParts(sources: EvidenceSources, workflow: Workflow, prompts: JobPrompt[], signal?: AbortSignal): AsyncGenerator<EvidencePart> {
  const jobIds = [...new Set(allSteps(workflow).flatMap((step) => step.jobs.map((job) => job.id)))];
  for (const jobId of jobIds) {
    if (!isJobId(jobId)) {
      yield { path: `jobs/invalid-${sha256(Buffer.from(jobId)).slice(0, 12)}`, missing: 'The workflow lists a job id the console does not accept.' };
      continue;
    }
    let received: Buffer;
    let parsed: ReturnType<typeof JobStatusSchema.safeParse>;
    try {
      received = await sources.raw.read(upstreamPath`/v1/consumer/jobs/${jobId}?detailed=true`, 'job', signal);
      parsed = JobStatusSchema.safeParse(parseJson(received, 'job'));
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = error instanceof OrchestratorError ? error.message : 'The job could not be read.';
      yield { path: evidencePaths.jobDetail(jobId), missing: reason };
      yield { path: evidencePaths.scanContext(jobId), missing: reason };
      continue;
    }
    yield* documentParts(evidencePaths.jobDetail(jobId), received);
    if (!parsed.success) {
      yield { path: evidencePaths.scanContext(jobId), missing: 'The job detail is not in a shape the console can read.' };
      continue;
    }
    const detail = interpretJob(toJobDetail(parsed.data), sources.thresholds);
    prompts.push({ jobId, prompt: detail.params.prompt ?? null, negativePrompt: detail.params.negativePrompt ?? null });
    const scanContext = {
      jobId,
      thresholds: sources.thresholds,
      // As the job reported it (values are pre-formatted strings), and as the console read it against the thresholds.
      context: parsed.data.lastEvent?.context ?? null,
      promptClassificationResult: parsed.data.job?.promptClassificationResult ?? null,
      interpreted: detail.scan,
    };
    yield { path: evidencePaths.scanContext(jobId), open: async () => json(scanContext) };
  }
}

async function* mediaParts(sources: EvidenceSources, workflow: Workflow, signal?: AbortSignal): AsyncGenerator<EvidencePart> {
  const seen = new Set<string>();
  for (const item of workflow.media) {
    if (seen.has(item.blobId)) continue;
    seen.add(item.blobId);
    if (!isBlobId(item.blobId)) {
      yield { path: `media/invalid-${sha256(Buffer.from(item.blobId)).slice(0, 12)}`, missing: 'The workflow lists a blob id the console does not accept.' };
    } else if (!item.available) {
      yield { path: evidencePaths.media(item.blobId), missing: 'The Orchestration API marks this output unavailable.' };
    } else if (!sources.originals.include) {
      yield { path: evidencePaths.media(item.blobId), missing: ORIGINAL_LEFT_OUT };
    } else {
      const blobId = item.blobId;
      yield {
        path: evidencePaths.media(blobId),
        open: async () => {
          const media = await sources.openMedia(blobId, signal);
          if (media.withheld) {
            media.body.destroy();
            throw new MissingEvidence('The Orchestration API withholds the original and serves only its moderation placeholder.');
          }
          try {
            await sources.originals.beforeOriginal(blobId);
          } catch (error) {
            media.body.destroy();
            throw new EvidenceStopped(error);
          }
          return media.body;
        },
      };
    }
  }
}

/** Every part after the workflow has been read, lazily. */
export async function* evidenceParts(
  sources: EvidenceSources,
  { workflow, received }: EvidenceWorkflow,
  signal?: AbortSignal,
): AsyncGenerator<EvidencePart> {
  yield* documentParts(evidencePaths.workflow, received);
  const jobPrompts: JobPrompt[] = [];
  yield* jobParts(sources, workflow, jobPrompts, signal);
  const prompts = {
    workflow: workflow.params,
    steps: allSteps(workflow).map((step) => ({ step: step.name, type: step.type, ...step.params })),
    jobs: jobPrompts,
  };
  yield { path: evidencePaths.prompts, open: async () => json(prompts) };
  yield {
    path: evidencePaths.decisions,
    open: async () => {
      const history = await sources.history(workflow.id);
      return json(history.map((decision) => ({ ...decision, reason: reasonLabel(sources.reasonCodes, decision.reasonCode) })));
    },
  };
  yield* mediaParts(sources, workflow, signal);
}
