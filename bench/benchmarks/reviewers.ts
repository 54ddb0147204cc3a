import type { Benchmark, BenchContext } from '../harness/context';
import { figure, NotAvailable, round, type Figure } from '../harness/figures';
import { cycle, describeLoad, runLoad, type LoadResult } from '../harness/load';

/**
 * 50 reviewers at once for a fixed time, each request the next of a mix a reviewer makes: a list page, a workflow
 * drill-down, a job's evidence, an image's preview and its bytes. Healthy emulator; every non-2xx counts as an error.
 */

export const REVIEWERS = 50;

/** The reviewer mix, interleaved so every stretch of requests holds all kinds. */
export async function reviewerPaths(ctx: BenchContext, size: number): Promise<string[]> {
  const jobs = ctx.inventory.takeJobs(size);
  const workflows = ctx.inventory.workflows.filter((workflow) => workflow.status === 'succeeded').slice(0, size);
  ctx.inventory.touch(workflows.map((workflow) => workflow.id));
  const media = await ctx.inventory.tierZeroMedia(ctx, ctx.sizes.mediaRefs);
  if (media.length === 0) throw new NotAvailable('no image a moderator may fetch without a reveal was found');
  const anchor = Date.parse(String(ctx.scenarios.anchor));
  const paths: string[] = [];
  for (let index = 0; index < size; index += 1) {
    const image = media[index % media.length]!;
    const imageQuery = `?workflowId=${encodeURIComponent(image.workflowId)}`;
    paths.push(
      `/api/workflows?take=50&to=${new Date(anchor - index * 3_600_000).toISOString()}`,
      `/api/workflows/${encodeURIComponent(workflows[index % workflows.length]!.id)}`,
      `/api/jobs/${encodeURIComponent(jobs[index]!.jobId)}`,
      `/api/media/${encodeURIComponent(image.blobId)}/preview${imageQuery}`,
      `/api/media/${encodeURIComponent(image.blobId)}${imageQuery}`,
    );
  }
  return paths;
}

export function reviewerFigures(key: string, label: string, result: LoadResult, extra = ''): Figure[] {
  const detail = `${describeLoad(result)}${extra}`;
  return [
    figure(`${key}.errors`, `${label}: errors`, result.errors, 'errors', detail, { op: '==', value: 0 }),
    figure(`${key}.p50Ms`, `${label}: p50`, round(result.p50, 1), 'ms', `${round(result.requests / result.seconds, 0)} requests/s`),
    figure(`${key}.p99Ms`, `${label}: p99`, round(result.p99, 1), 'ms', `${result.requests} requests`),
  ];
}

export const reviewers: Benchmark = {
  id: 'reviewers',
  title: '50 concurrent reviewers',
  async run(ctx) {
    const paths = await reviewerPaths(ctx, ctx.mode === 'smoke' ? 20 : 200);
    const result = await runLoad({
      origin: ctx.console.origin,
      connections: REVIEWERS,
      seconds: ctx.sizes.reviewersSeconds,
      headers: { cookie: ctx.cookie },
      nextPath: cycle(paths),
    });
    return reviewerFigures('reviewers', `${REVIEWERS} reviewers for ${ctx.sizes.reviewersSeconds} s`, result, '; mix: list, drill-down, job, preview, bytes');
  },
};
