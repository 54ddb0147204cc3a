import { isInvisible } from '@/lib/text/invisible';
import { MAX_TAG_LENGTH, MAX_TAGS } from './vocabulary';

/** Tag rules of the contract (at most 10 tags of at most 200 characters), checked before any upstream write. */

export type TagProblem =
  | { kind: 'empty' }
  | { kind: 'too_long'; max: number }
  | { kind: 'control_characters' }
  | { kind: 'too_many'; max: number };

export function describeTagProblem(problem: TagProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'A tag cannot be empty.';
    case 'too_long':
      return `A tag can be at most ${problem.max} characters.`;
    case 'control_characters':
      return 'A tag cannot contain control or invisible formatting characters.';
    case 'too_many':
      return `A workflow can carry at most ${problem.max} tags.`;
  }
}

/** Validates one tag as a moderator typed it (already trimmed by the caller's schema). */
export function tagProblem(tag: string): TagProblem | null {
  if (tag.length === 0) return { kind: 'empty' };
  if (tag.length > MAX_TAG_LENGTH) return { kind: 'too_long', max: MAX_TAG_LENGTH };
  // Invisible characters in a chip would hide what a workflow is really tagged with.
  if ([...tag].some((char) => isInvisible(char.codePointAt(0)!))) return { kind: 'control_characters' };
  return null;
}

/** Checks that adding `tag` keeps the workflow within the contract's limit. */
export function addTagProblem(currentTags: readonly string[], tag: string): TagProblem | null {
  const problem = tagProblem(tag);
  if (problem) return problem;
  if (!currentTags.includes(tag) && currentTags.length >= MAX_TAGS) return { kind: 'too_many', max: MAX_TAGS };
  return null;
}
