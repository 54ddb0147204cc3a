import { describe, expect, it } from 'vitest';
import { isReviewTag, mostSerious, reviewKindFromTags, reviewTag } from './decision';
import { addTagProblem, tagProblem } from '@/lib/orchestrator/tag-rules';
import { isTagProblem, planReviewTag } from './tags';

describe('review tags', () => {
  it('names one tag per decision kind', () => {
    expect(reviewTag('ok')).toBe('review:ok');
    expect(reviewTag('flagged')).toBe('review:flagged');
    expect(reviewTag('escalated')).toBe('review:escalated');
    expect(isReviewTag('Review:Something')).toBe(true);
    expect(isReviewTag('reviewed')).toBe(false);
  });

  it('reads the most serious known review tag as the upstream decision', () => {
    expect(reviewKindFromTags(['civitai', 'gen'])).toBeNull();
    expect(reviewKindFromTags(['review:ok', 'review:escalated', 'review:flagged'])).toBe('escalated');
    expect(reviewKindFromTags(['review:maybe'])).toBeNull();
  });

  it('orders decisions escalated > flagged > ok', () => {
    expect(mostSerious([null, 'ok', 'flagged', null])).toBe('flagged');
    expect(mostSerious([])).toBeNull();
  });
});

describe('planReviewTag', () => {
  it('replaces the previous review tag and keeps the others', () => {
    expect(planReviewTag(['civitai', 'review:ok'], 'flagged')).toEqual({ remove: ['review:ok'], add: 'review:flagged' });
  });

  it('removes foreign review tags and writes nothing when the tag is already right', () => {
    expect(planReviewTag(['review:flagged', 'review:legacy'], 'flagged')).toEqual({ remove: ['review:legacy'], add: null });
  });

  it('clears every review tag when nothing is in force any more', () => {
    expect(planReviewTag(['review:ok', 'gen'], null)).toEqual({ remove: ['review:ok'], add: null });
  });

  it('uses the room a removed review tag frees at the 10-tag limit', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `t${i}`);
    expect(planReviewTag([...nine, 'review:ok'], 'escalated')).toEqual({ remove: ['review:ok'], add: 'review:escalated' });
    const full = planReviewTag([...nine, 't9'], 'ok');
    expect(isTagProblem(full) && full.kind).toBe('too_many');
  });
});

describe('tag validation', () => {
  it('enforces the contract limits', () => {
    expect(tagProblem('')).toEqual({ kind: 'empty' });
    expect(tagProblem('x'.repeat(200))).toBeNull();
    expect(tagProblem('x'.repeat(201))).toEqual({ kind: 'too_long', max: 200 });
    expect(addTagProblem(Array.from({ length: 10 }, (_, i) => `t${i}`), 'new')).toEqual({ kind: 'too_many', max: 10 });
    // Re-adding a tag the workflow already has does not count against the limit.
    expect(addTagProblem(Array.from({ length: 10 }, (_, i) => `t${i}`), 't3')).toBeNull();
  });

  it('refuses characters a moderator could not see', () => {
    expect(tagProblem('user:\u202e321')).toEqual({ kind: 'control_characters' });
    expect(tagProblem('a\u200db')).toEqual({ kind: 'control_characters' });
    expect(tagProblem('nul\u0000')).toEqual({ kind: 'control_characters' });
  });
});
