import 'server-only';
import { invalidInput } from '@/lib/console-error';
import { deleteTag, forgetCachedWorkflow, freshWorkflow, postTag, type Upstream } from '@/lib/orchestrator/writes';
import { describeTagProblem } from '@/lib/orchestrator/tag-rules';
import type { DecisionKind } from './decision';
import { isTagProblem, planReviewTag } from './tags';

/**
 * Makes the workflow carry exactly the review tag for `target` (none when null), replacing any other `review:*`
 * tag. Reads the current tags first, so a retry after a half-done attempt only does what is still missing.
 */
export async function setReviewTag(
  upstream: Upstream,
  workflowId: string,
  target: DecisionKind | null,
): Promise<{ removed: string[]; added: string | null }> {
  const { tags } = await freshWorkflow(upstream, workflowId);
  const plan = planReviewTag(tags, target);
  if (isTagProblem(plan)) throw invalidInput('tag', `${describeTagProblem(plan)} Remove a tag so the review tag fits.`);
  try {
    for (const tag of plan.remove) await deleteTag(upstream, workflowId, tag);
    if (plan.add) await postTag(upstream, workflowId, plan.add);
  } finally {
    forgetCachedWorkflow(upstream, workflowId);
  }
  return { removed: plan.remove, added: plan.add };
}
