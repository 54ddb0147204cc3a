import type { Workflow, WorkflowStep } from './types';

function flatten(steps: WorkflowStep[]): WorkflowStep[] {
  return steps.flatMap((step) => [step, ...flatten(step.children)]);
}

/** Every step with its nested `repeat` children, depth first. Zod-free, so screens can use it too. */
export function allSteps(workflow: Pick<Workflow, 'steps'>): WorkflowStep[] {
  return flatten(workflow.steps);
}
