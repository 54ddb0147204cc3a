import { describe, expect, it } from 'vitest';
import { workflowVersion, type VersionedWorkflow } from './workflow-version';

const seen: VersionedWorkflow = {
  status: 'processing',
  completedAt: null,
  tags: ['gen', 'civitai'],
  steps: [{ name: '$0', status: 'processing', jobs: [{ id: 'j1', status: 'processing' }] }],
};

describe('workflowVersion', () => {
  it('is stable for the same workflow, whatever the tag order', () => {
    expect(workflowVersion(seen)).toBe(workflowVersion({ ...seen, tags: ['civitai', 'gen'] }));
    expect(workflowVersion(seen)).toMatch(/^processing:[0-9a-f]{16}$/);
  });

  it('changes when the status, a tag or a job changes', () => {
    const before = workflowVersion(seen);
    expect(workflowVersion({ ...seen, status: 'canceled' })).not.toBe(before);
    expect(workflowVersion({ ...seen, tags: [...seen.tags, 'review:ok'] })).not.toBe(before);
    expect(workflowVersion({ ...seen, steps: [{ name: '$0', status: 'processing', jobs: [{ id: 'j1', status: 'succeeded' }] }] })).not.toBe(
      before,
    );
  });
});
