import 'server-only';
import { upstreamPath, type CallContext, type OrchestratorClient } from './client';
import { isoDate } from './reshape';
import { JobStatusSchema, type WireJobStatus } from './schemas';
import type { JobDetail, JobOutput } from './types';

/** Event types after which a job's record no longer changes (short of a taint, which invalidates the cache). */
const FINAL_EVENTS = new Set(['Succeeded', 'Failed', 'Expired', 'Deleted', 'Canceled', 'Rejected']);

const cacheJobFor = (job: WireJobStatus) => (FINAL_EVENTS.has(job.lastEvent?.type ?? '') ? 60_000 : 3_000);

function recordOrNull(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function asRecord(value: unknown): Record<string, unknown> {
  return recordOrNull(value) ?? {};
}

export function toJobDetail(wire: WireJobStatus): JobDetail {
  const results = Array.isArray(wire.result) ? wire.result : wire.result ? [wire.result] : [];
  const outputs: JobOutput[] = results.map((item) => ({ blobKey: item.blobKey ?? null, available: item.available ?? null }));
  const workflowId =
    asRecord(wire.job?.properties).workflowId ?? asRecord(wire.properties).workflowId ?? asRecord(wire.lastEvent?.jobProperties).workflowId;
  return {
    jobId: wire.jobId,
    workflowId: typeof workflowId === 'string' ? workflowId : null,
    jobType: wire.job?.type ?? wire.lastEvent?.jobType ?? null,
    lastEvent: wire.lastEvent?.type ?? null,
    lastEventAt: isoDate(wire.lastEvent?.dateTime),
    provider: wire.lastEvent?.provider ?? null,
    retryAttempt: wire.lastEvent?.retryAttempt ?? null,
    cost: wire.cost ?? null,
    outputs,
    model: wire.job?.model ?? null,
    params: asRecord(wire.job?.params),
    context: recordOrNull(wire.lastEvent?.context),
    promptClassification: recordOrNull(wire.job?.promptClassificationResult),
  };
}

/** One job's detail and scan evidence: `GET /v1/consumer/jobs/{id}?detailed=true` (contract §11.5). */
export async function getJob(client: OrchestratorClient, jobId: string, ctx?: CallContext): Promise<JobDetail> {
  const wire = await client.getJson({
    path: upstreamPath`/v1/consumer/jobs/${jobId}`,
    query: { detailed: true },
    schema: JobStatusSchema,
    what: 'job',
    ctx,
    cacheFor: cacheJobFor,
  });
  return toJobDetail(wire);
}
