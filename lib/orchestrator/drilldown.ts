import 'server-only';
import pLimit from 'p-limit';
import { probeBlob } from './blobs';
import type { CallContext, OrchestratorClient } from './client';
import type { ConsoleError } from '@/lib/console-error';
import { toConsoleError } from './errors';
import { isBlobId, isJobId } from './ids';
import { getJob } from './jobs';
import { allSteps } from './workflow-steps';
import type { BlobRow, JobRow, PartError, WorkflowDrillDown } from './types';
import { getWorkflow } from './workflows';

export interface DrillDownOptions {
  /** Job and blob lookups in flight at once for this workflow (the client's process-wide cap still applies). */
  parallelism?: number;
}

function partError(error: ConsoleError): PartError {
  return {
    kind: error.kind,
    message: error.message,
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
  };
}

/**
 * Settles one lookup as a value. An id the upstream sent in a shape the console does not accept is never sent back
 * upstream; the row says so. A cancelled request is not a partial answer: it rethrows.
 */
async function settle<T>(
  valid: boolean,
  what: string,
  lookup: () => Promise<T>,
): Promise<{ value: T; error: null } | { value: null; error: PartError }> {
  if (!valid) {
    return {
      value: null,
      error: { kind: 'upstream_invalid', message: `The workflow lists a ${what} id the console does not accept.` },
    };
  }
  try {
    return { value: await lookup(), error: null };
  } catch (caught) {
    const error = toConsoleError(caught);
    if (error.kind === 'aborted') throw error;
    return { value: null, error: partError(error) };
  }
}

/**
 * A workflow with its steps, each job's scan evidence and each blob's probe. The workflow itself must load; job and
 * blob lookups run with bounded parallelism and may fail one by one, making the answer partial: the failed rows carry
 * their error and no evidence, so the media gate treats their media as the highest risk tier.
 */
export async function getWorkflowDrillDown(
  client: OrchestratorClient,
  workflowId: string,
  options: DrillDownOptions = {},
  ctx?: CallContext,
): Promise<WorkflowDrillDown> {
  const workflow = await getWorkflow(client, workflowId, ctx);
  const limit = pLimit(options.parallelism ?? 8);

  const jobRefs = new Map<string, string>();
  for (const step of allSteps(workflow)) for (const job of step.jobs) if (!jobRefs.has(job.id)) jobRefs.set(job.id, step.name);
  const blobRefs = new Map(workflow.media.map((item) => [item.blobId, item]));

  const jobs = Promise.all(
    [...jobRefs].map(([jobId, stepName]) =>
      limit(async (): Promise<JobRow> => {
        const { value, error } = await settle(isJobId(jobId), 'job', () => getJob(client, jobId, ctx));
        return { jobId, stepName, detail: value, error };
      }),
    ),
  );
  const blobs = Promise.all(
    [...blobRefs.values()].map((item) =>
      limit(async (): Promise<BlobRow> => {
        // The workflow already says these bytes are gone or withheld: nothing to ask (contract §3.4).
        if (!item.available) {
          const probe = { blobId: item.blobId, visibility: 'unavailable', nsfwLevel: null, note: 'Marked unavailable by the upstream.' } as const;
          return { blobId: item.blobId, stepName: item.stepName, jobId: item.jobId, probe, error: null };
        }
        const { value, error } = await settle(isBlobId(item.blobId), 'blob', () =>
          probeBlob(client, item.blobId, workflow.id, ctx),
        );
        return { blobId: item.blobId, stepName: item.stepName, jobId: item.jobId, probe: value, error };
      }),
    ),
  );
  const [jobRows, blobRows] = await Promise.all([jobs, blobs]);

  const missing = [
    ...jobRows.flatMap((row) => (row.error ? [{ part: 'job' as const, id: row.jobId, ...row.error }] : [])),
    ...blobRows.flatMap((row) => (row.error ? [{ part: 'blob' as const, id: row.blobId, ...row.error }] : [])),
  ].map(({ part, id, kind, message }) => ({ part, id, kind, message }));

  return { workflow, jobs: jobRows, blobs: blobRows, partial: missing.length > 0, missing };
}
