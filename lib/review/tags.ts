import { MAX_TAGS } from '@/lib/orchestrator/vocabulary';
import type { TagProblem } from '@/lib/orchestrator/tag-rules';
import { isReviewTag, reviewTag, type DecisionKind, type ReviewTag } from './decision';

export type ReviewTagPlan = { remove: string[]; add: ReviewTag | null };

/**
 * The tag writes that make the workflow carry exactly the review tag for `target` (none when null).
 * Old review tags are removed before the new one is added so a workflow at the tag limit still has room.
 */
export function planReviewTag(currentTags: readonly string[], target: DecisionKind | null): ReviewTagPlan | TagProblem {
  const wanted = target ? reviewTag(target) : null;
  const remove = currentTags.filter((tag) => isReviewTag(tag) && tag !== wanted);
  const add = wanted && !currentTags.includes(wanted) ? wanted : null;
  if (add && currentTags.length - remove.length >= MAX_TAGS) return { kind: 'too_many', max: MAX_TAGS };
  return { remove, add };
}

export function isTagProblem(value: ReviewTagPlan | TagProblem): value is TagProblem {
  return 'kind' in value;
}
