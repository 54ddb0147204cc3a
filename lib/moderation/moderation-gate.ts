import { toModerationStatus, type ModerationStatus } from '@/lib/orchestrator/vocabulary';
import type { Workflow } from '@/lib/orchestrator/types';
import { allSteps } from '@/lib/orchestrator/workflow-steps';

/**
 * A workflow's moderation gate (contract §2.4, §3.2): a step whose output carries `moderationStatus`, today a
 * training step holding its model back. The gate is pending while it reads `underReview`; only then can a senior
 * approve or deny it upstream. Zod-free and pure: the indexer, the routes and the workflow screen all read it here.
 */
export interface ModerationGate {
  stepName: string;
  /** Canonical v2 casing for the known statuses; anything else as the upstream sent it. */
  status: ModerationStatus | (string & {});
  pending: boolean;
}

export const PENDING_GATE_STATUS: ModerationStatus = 'underReview';

/** The pending gate when a step has one, else the first step's gate of any status, else null. */
export function moderationGate(workflow: Pick<Workflow, 'steps'>): ModerationGate | null {
  let first: ModerationGate | null = null;
  for (const step of allSteps(workflow)) {
    const output = step.output;
    const raw = output && typeof output === 'object' ? (output as { moderationStatus?: unknown }).moderationStatus : undefined;
    if (typeof raw !== 'string' || raw === '') continue;
    const status = toModerationStatus(raw) ?? raw;
    const gate = { stepName: step.name, status, pending: status === PENDING_GATE_STATUS };
    if (gate.pending) return gate;
    first ??= gate;
  }
  return first;
}

export function hasPendingModerationGate(workflow: Pick<Workflow, 'steps'>): boolean {
  return moderationGate(workflow)?.pending === true;
}
