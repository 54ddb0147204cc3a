import 'server-only';
import pLimit from 'p-limit';
import type { SessionUser } from '@/lib/auth/session-user';
import { decidedToday, openEscalations, reviewStates } from '@/lib/db/decisions';
import { interpretJob } from '@/lib/moderation/read-model';
import { worstBand, type ScoreBand } from '@/lib/moderation/scan';
import type { CallContext } from '@/lib/orchestrator/client';
import { toOrchestratorError } from '@/lib/orchestrator/errors';
import { isJobId } from '@/lib/orchestrator/ids';
import { scanThresholds } from '@/lib/moderation/config';
import { listCursors, orchestrator } from '@/lib/orchestrator/instance';
import { getJob } from '@/lib/orchestrator/jobs';
import type { ListRequest } from '@/lib/orchestrator/list-query';
import { allSteps } from '@/lib/orchestrator/workflow-steps';
import type { Workflow } from '@/lib/orchestrator/types';
import { getWorkflow, listWorkflows, type WorkflowSearch } from '@/lib/orchestrator/workflows';
import type { QueueItem, QueueResponse } from './api-types';
import { MAX_QUEUE_ITEMS, needsCsamReview, QUEUE_PRESETS, RECENT_WINDOW_MS, type QueuePresetId } from './queue';

/**
 * Collects a triage queue on the server: a search from the workflows screen, or a preset. Bounded: at most
 * MAX_QUEUE_ITEMS items, and the CSAM preset looks at no more than SCAN_BOUND recent workflows per load.
 */

const PAGE = 50;
/** Recent workflows whose jobs the CSAM preset reads per load (each needs its jobs' scan evidence). */
const SCAN_BOUND = 100;
const LOOKUPS_AT_ONCE = 8;

export type QueueSpec = { kind: 'preset'; preset: QueuePresetId } | { kind: 'search'; request: ListRequest };

function toItem(workflow: Workflow): QueueItem {
  return { workflowId: workflow.id, createdAt: workflow.createdAt, status: workflow.status, tags: workflow.tags };
}

/** Reads pages of a search until `limit` workflows or the end. */
async function collect(search: WorkflowSearch, limit: number, ctx: CallContext): Promise<{ workflows: Workflow[]; truncated: boolean }> {
  const workflows: Workflow[] = [];
  let cursor: string | null = null;
  do {
    const page = await listWorkflows(orchestrator(), listCursors(), search, { take: Math.min(PAGE, limit - workflows.length), cursor }, ctx);
    workflows.push(...page.items);
    cursor = page.next;
  } while (cursor && workflows.length < limit);
  return { workflows, truncated: cursor !== null };
}

/** The riskiest CSAM band over a workflow's jobs; a job whose evidence cannot be read counts as unknown (never safe). */
async function csamBand(workflow: Workflow, ctx: CallContext, limit: ReturnType<typeof pLimit>): Promise<{ band: ScoreBand; checked: boolean }> {
  const jobIds = [...new Set(allSteps(workflow).flatMap((step) => step.jobs.map((job) => job.id)))];
  if (jobIds.length === 0) return { band: 'unknown', checked: true };
  let checked = true;
  const bands = await Promise.all(
    jobIds.map((jobId) =>
      limit(async (): Promise<ScoreBand> => {
        if (!isJobId(jobId)) return 'unknown';
        try {
          return interpretJob(await getJob(orchestrator(), jobId, ctx), scanThresholds()).scan.csam.worst;
        } catch (error) {
          if (toOrchestratorError(error).kind === 'aborted') throw error;
          checked = false;
          return 'unknown';
        }
      }),
    ),
  );
  return { band: worstBand(bands), checked };
}

async function unreviewedCsam(user: SessionUser, ctx: CallContext, now: Date) {
  const search: WorkflowSearch = {
    userId: null,
    tags: [],
    q: null,
    from: new Date(now.getTime() - RECENT_WINDOW_MS).toISOString(),
    to: now.toISOString(),
    status: null,
    excludeFailed: false,
    // Newest first: within the bound, the freshest uploads are the ones still spreading.
    order: 'newest',
  };
  const { workflows, truncated } = await collect(search, SCAN_BOUND, ctx);
  const states = await reviewStates(user, workflows.map((workflow) => workflow.id));
  const limit = pLimit(LOOKUPS_AT_ONCE);
  let unchecked = 0;
  const picked = await Promise.all(
    workflows.map(async (workflow) => {
      // Decided here already: no need to read its scan evidence.
      if (states.get(workflow.id)?.decision?.kind) return null;
      const { band, checked } = await csamBand(workflow, ctx, limit);
      if (!checked) unchecked += 1;
      return needsCsamReview({ localKind: null, tags: workflow.tags, worstBand: band }) ? workflow : null;
    }),
  );
  return { items: picked.filter((workflow): workflow is Workflow => workflow !== null).map(toItem), truncated, unchecked };
}

async function escalatedToMe(user: SessionUser, ctx: CallContext) {
  const ids = await openEscalations(user, MAX_QUEUE_ITEMS);
  const limit = pLimit(LOOKUPS_AT_ONCE);
  let unchecked = 0;
  const items = await Promise.all(
    ids.map((workflowId) =>
      limit(async (): Promise<QueueItem> => {
        try {
          return toItem(await getWorkflow(orchestrator(), workflowId, ctx));
        } catch (error) {
          if (toOrchestratorError(error).kind === 'aborted') throw error;
          // Still in the queue: an escalation must not vanish because the upstream hiccupped.
          unchecked += 1;
          return { workflowId, createdAt: '', status: 'unknown', tags: [] };
        }
      }),
    ),
  );
  return { items, truncated: ids.length >= MAX_QUEUE_ITEMS, unchecked };
}

export async function buildQueue(user: SessionUser, spec: QueueSpec, ctx: CallContext, now = new Date()): Promise<QueueResponse> {
  const [collected, today] = await Promise.all([
    spec.kind === 'search'
      ? collect(spec.request.search, MAX_QUEUE_ITEMS, ctx).then(({ workflows, truncated }) => ({ items: workflows.map(toItem), truncated, unchecked: 0 }))
      : spec.preset === 'unreviewed-csam'
        ? unreviewedCsam(user, ctx, now)
        : escalatedToMe(user, ctx),
    decidedToday(user, now),
  ]);
  return {
    label: spec.kind === 'preset' ? QUEUE_PRESETS[spec.preset].label : 'Search results',
    preset: spec.kind === 'preset' ? spec.preset : null,
    ...collected,
    decidedToday: today,
  };
}
