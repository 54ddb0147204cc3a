import { toWorkflow } from '@/lib/orchestrator/reshape';
import { WorkflowPageSchema } from '@/lib/orchestrator/schemas';
import type { Workflow } from '@/lib/orchestrator/types';
import type { BenchContext } from './context';

/**
 * Direct reads of the emulator with the console's own token, for the benchmarks' inventories (which ids to request)
 * and their "straight to the upstream" side. Parsed with the console's wire schemas, so both sides read one data set.
 */

type Upstream = Pick<BenchContext, 'upstreamToken' | 'emulator'>;

export function upstreamHeaders(ctx: Pick<BenchContext, 'upstreamToken'>): Record<string, string> {
  return { authorization: `Bearer ${ctx.upstreamToken}`, accept: 'application/json' };
}

export async function upstreamJson(ctx: Upstream, pathAndQuery: string): Promise<unknown> {
  const response = await fetch(new URL(pathAndQuery, ctx.emulator.url), { headers: upstreamHeaders(ctx), redirect: 'manual' });
  if (!response.ok) throw new Error(`upstream ${pathAndQuery.split('?')[0]} answered ${response.status}`);
  return response.json();
}

/** Workflows from the consumer list (the integrator's own), newest first; `pages` of `take`. */
export async function consumerWorkflows(ctx: Upstream, pages: number, take = 100, extra = ''): Promise<Workflow[]> {
  const out: Workflow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < pages; page += 1) {
    const query = `take=${take}&hideMatureContent=false${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const parsed = WorkflowPageSchema.parse(await upstreamJson(ctx, `/v2/consumer/workflows?${query}`));
    out.push(...parsed.items.map((wire) => toWorkflow(wire)));
    cursor = parsed.next ?? null;
    if (!cursor) break;
  }
  return out;
}

/** Every job id of the workflows, with its workflow. */
export function jobsOf(workflows: readonly Workflow[]): { jobId: string; workflowId: string }[] {
  return workflows.flatMap((workflow) =>
    workflow.steps.flatMap((step) => step.jobs.map((job) => ({ jobId: job.id, workflowId: workflow.id }))),
  );
}

/** The path + query of a call log record, as it was requested. */
export function requestedPath(call: { path: string; query: string }): string {
  return call.query ? `${call.path}?${call.query}` : call.path;
}
