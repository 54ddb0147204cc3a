import { describe, expect, it } from 'vitest';
import type { MediaItem, Workflow } from '@/lib/orchestrator/types';
import { toWorkflowRow, worstMediaLevel } from './workflow-row';

function media(nsfwLevel: string | null, blockedReason: string | null = null): MediaItem {
  return { blobId: 'B', mediaType: 'image', available: true, nsfwLevel, blockedReason, jobId: null, width: null, height: null, stepName: '$0' };
}

describe('worstMediaLevel', () => {
  it('takes the most mature level', () => {
    expect(worstMediaLevel([media('pg'), media('X'), media('r')])).toBe('x');
  });

  it('ranks an unrated or unreadable output above every level', () => {
    expect(worstMediaLevel([media('xxx'), media('na')])).toBe('unrated');
    expect(worstMediaLevel([media('pg'), media(null)])).toBe('unrated');
    expect(worstMediaLevel([media('pg'), media('7')])).toBe('unrated');
  });

  it('is null when there are no outputs', () => {
    expect(worstMediaLevel([])).toBeNull();
  });
});

describe('toWorkflowRow', () => {
  it('counts steps, outputs and blocks, reading "none" as not blocked', () => {
    const workflow = {
      id: '8484131-20260121222126332',
      ownerId: 8484131,
      createdAt: '2026-01-21T22:21:26.332Z',
      status: 'succeeded',
      tags: ['gen'],
      steps: [{}, {}],
      media: [media('pg', 'none'), media('xxx', 'Child Sexual - Anime')],
      costTotal: 8,
    } as unknown as Workflow;
    expect(toWorkflowRow(workflow)).toMatchObject({
      stepCount: 2,
      blobCount: 2,
      worstLevel: 'xxx',
      blockedCount: 1,
      blockedReason: 'Child Sexual - Anime',
    });
  });
});
