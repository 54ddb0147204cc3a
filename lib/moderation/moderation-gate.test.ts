import { describe, expect, it } from 'vitest';
import type { Workflow, WorkflowStep } from '@/lib/orchestrator/types';
import { hasPendingModerationGate, moderationGate } from './moderation-gate';

const step = (name: string, output: unknown, children: WorkflowStep[] = []) => ({ name, output, children }) as unknown as WorkflowStep;
const workflow = (...steps: WorkflowStep[]) => ({ steps }) as Pick<Workflow, 'steps'>;

describe('moderationGate', () => {
  it('finds a training step under review, in any casing the wire used', () => {
    expect(moderationGate(workflow(step('$0', { moderationStatus: 'UnderReview', epochs: [] })))).toEqual({ stepName: '$0', status: 'underReview', pending: true });
    expect(hasPendingModerationGate(workflow(step('$0', { moderationStatus: 'underreview' })))).toBe(true);
  });

  it('prefers a pending gate over a decided one, nested steps included', () => {
    const decided = step('$0', { moderationStatus: 'Approved' });
    const nested = step('repeat', { steps: [] }, [step('inner', { moderationStatus: 'underReview' })]);
    expect(moderationGate(workflow(decided, nested))).toEqual({ stepName: 'inner', status: 'underReview', pending: true });
    expect(moderationGate(workflow(decided))).toEqual({ stepName: '$0', status: 'approved', pending: false });
  });

  it('is null without a gate, and an unknown status is kept but not pending', () => {
    expect(moderationGate(workflow(step('$0', { images: [] }), step('$1', null)))).toBeNull();
    expect(moderationGate(workflow(step('$0', { moderationStatus: 'Escalated' })))).toEqual({ stepName: '$0', status: 'Escalated', pending: false });
    expect(hasPendingModerationGate(workflow(step('$0', { moderationStatus: 7 })))).toBe(false);
  });
});
