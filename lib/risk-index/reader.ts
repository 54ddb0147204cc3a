import 'server-only';
import type { CallContext, OrchestratorClient } from '@/lib/orchestrator/client';
import { toConsoleError } from '@/lib/orchestrator/errors';
import { type ErrorKind } from '@/lib/console-error';
import { isJobId } from '@/lib/orchestrator/ids';
import { getJob } from '@/lib/orchestrator/jobs';
import { TERMINAL_STATUSES } from '@/lib/orchestrator/schemas';
import type { JobDetail, Workflow } from '@/lib/orchestrator/types';
import { allSteps } from '@/lib/orchestrator/workflow-steps';
import { readOutputs } from '@/lib/moderation/read-model';
import type { CsamThresholds } from '@/lib/moderation/scan';
import type { IndexedWorkflowInput } from './store';

/**
 * Turns listed workflows into what the index stores: each job that made outputs is read once through the shared
 * client (its cap, breaker and retry budget; the background lane and the indexer's own share of the cap), then the
 * one read model turns workflow and jobs into per-output facts.
 */

/** Failures that say "try again later", not "this job cannot be read": the unit is retried, nothing is written. */
const TRANSIENT: ReadonlySet<ErrorKind> = new Set(['upstream_unavailable', 'rate_limited', 'aborted', 'unauthorized']);

export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export interface ReadDeps {
  client: OrchestratorClient;
  thresholds: CsamThresholds;
  /** The indexer's share of the upstream cap. */
  limit: Limit;
}

export function isTerminal(workflow: Pick<Workflow, 'status'>): boolean {
  return TERMINAL_STATUSES.has(workflow.status);
}

/** The jobs of the steps that made outputs (and any job an output names), each once. */
function jobsWithOutputs(workflow: Workflow): string[] {
  const ids = new Set<string>();
  for (const item of workflow.media) if (item.jobId) ids.add(item.jobId);
  for (const step of allSteps(workflow)) if (step.media.length > 0) for (const job of step.jobs) ids.add(job.id);
  return [...ids];
}

export function backgroundContext(client: OrchestratorClient): CallContext {
  return { ...client.context(), lane: 'background' };
}

async function readJob(deps: ReadDeps, jobId: string): Promise<JobDetail | null> {
  // An id the console does not accept is never sent upstream; its outputs stay unscanned (never safe).
  if (!isJobId(jobId)) return null;
  try {
    return await deps.limit(() => getJob(deps.client, jobId, backgroundContext(deps.client)));
  } catch (caught) {
    const error = toConsoleError(caught);
    if (TRANSIENT.has(error.kind)) throw error;
    return null;
  }
}

/** Reads the jobs of terminal workflows and builds their outputs; workflows still running are left out. */
export async function readForIndex(deps: ReadDeps, workflows: readonly Workflow[]): Promise<IndexedWorkflowInput[]> {
  return Promise.all(
    workflows.filter(isTerminal).map(async (workflow) => {
      const ids = jobsWithOutputs(workflow);
      const details = await Promise.all(ids.map((jobId) => readJob(deps, jobId)));
      const jobs = new Map(ids.map((jobId, i) => [jobId, details[i]!]));
      return { workflow, outputs: readOutputs(workflow, jobs, deps.thresholds) };
    }),
  );
}
