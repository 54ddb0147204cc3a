import 'server-only';
import { configuredTarget } from '@/lib/db/client';
import type { CallContext, OrchestratorClient } from './client';
import { getWorkflowDrillDown } from './drilldown';
import { OrchestratorError, toConsoleError } from './errors';
import { listCursors, orchestrator, upstreamKind } from './console-client';
import { getJob } from './jobs';
import type { ListRequest } from './list-query';
import { ManagerWorkflowListSchema, WorkflowPageSchema } from './schemas';
import type { JobDetail, TokenClass, UpstreamStatus, WorkflowDrillDown, WorkflowPage, WorkflowStep } from './types';
import { getWorkflowStep, listWorkflows } from './workflows';

/**
 * What the route handlers (and server components) call: the resource modules bound to the process-wide client and
 * configuration, so a handler is one line.
 */

export function searchWorkflows(request: ListRequest, ctx: CallContext): Promise<WorkflowPage> {
  return listWorkflows(orchestrator(), listCursors(), request.search, { take: request.take, cursor: request.cursor }, ctx);
}

export function readWorkflow(id: string, ctx: CallContext): Promise<WorkflowDrillDown> {
  return getWorkflowDrillDown(orchestrator(), id, {}, ctx);
}

export function readWorkflowStep(id: string, stepName: string, ctx: CallContext): Promise<WorkflowStep> {
  return getWorkflowStep(orchestrator(), id, stepName, ctx);
}

export function readJob(id: string, ctx: CallContext): Promise<JobDetail> {
  return getJob(orchestrator(), id, ctx);
}

const TOKEN_CLASS_TTL_MS = 5 * 60_000;
const KEY = Symbol.for('orchestration-console.token-class');
type Remembered = { tokenClass: TokenClass; client: OrchestratorClient; at: number };
const memory = globalThis as { [KEY]?: Remembered };

/**
 * Which kind of token the console holds: one the manager endpoints accept (service, with the Manager role), one they
 * refuse (a user token: it sees only its own workflows), or none. Asked once every few minutes.
 */
async function tokenClass(client: OrchestratorClient, ctx: CallContext): Promise<TokenClass> {
  if (!client.tokenConfigured) return 'none';
  const remembered = memory[KEY];
  if (remembered && remembered.client === client && Date.now() - remembered.at < TOKEN_CLASS_TTL_MS) {
    return remembered.tokenClass;
  }
  let found: TokenClass;
  try {
    await client.getJson({
      path: '/v1/manager/workflows',
      query: { UserId: 0, Take: 1 },
      schema: ManagerWorkflowListSchema,
      what: 'workflow list',
      ctx,
    });
    found = 'service';
  } catch (error) {
    if (!(error instanceof OrchestratorError) || error.kind !== 'forbidden') return 'unknown';
    found = 'user';
  }
  memory[KEY] = { tokenClass: found, client, at: Date.now() };
  return found;
}

/** Upstream reachability and latency (one small list read), the breaker, the load and the configuration. */
export async function readUpstreamStatus(ctx: CallContext): Promise<UpstreamStatus> {
  const client = orchestrator();
  const started = performance.now();
  let reachable = true;
  let problem: string | null = null;
  try {
    await client.getJson({
      path: '/v2/consumer/workflows',
      query: { take: 1, hideMatureContent: false },
      schema: WorkflowPageSchema,
      what: 'workflow list',
      ctx,
    });
  } catch (error) {
    reachable = false;
    problem = toConsoleError(error).message;
  }
  const latencyMs = reachable ? Math.round(performance.now() - started) : null;
  const breaker = client.breaker();
  return {
    reachable,
    latencyMs,
    problem,
    breaker: {
      state: breaker.state,
      retryAfterSeconds: Math.ceil(breaker.retryAfterMs / 1000),
      recentFailureRatio: breaker.recentFailureRatio,
    },
    load: client.load(),
    tokenClass: await tokenClass(client, ctx),
    upstreamKind: upstreamKind(),
    databaseKind: configuredTarget().kind,
    checkedAt: new Date().toISOString(),
  };
}
