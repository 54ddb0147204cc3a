'use client';

import { Muted } from '@/components/ui/muted';
import type { Role } from '@/lib/auth/roles';
import { can } from '@/lib/auth/roles';
import type { Workflow, WorkflowStep } from '@/lib/orchestrator/types';
import { TagEditor } from './tag-editor';
import { CancelWorkflowButton, EvidenceDownload, TaintJobButton } from './upstream-actions';

/** Workflow statuses that can still be canceled upstream. */
const RUNNING = new Set(['unassigned', 'preparing', 'scheduled', 'processing']);

function jobsOf(steps: readonly WorkflowStep[]): { jobId: string; stepName: string; status: string }[] {
  return steps.flatMap((step) => [
    ...step.jobs.map((job) => ({ jobId: job.id, stepName: step.name, status: job.status })),
    ...jobsOf(step.children),
  ]);
}

/**
 * The upstream actions on one workflow, each shown only to a role that may use it (the server checks again):
 * tags (moderator), cancel and taint (senior), and the evidence package (senior).
 */
export function WorkflowActions({ workflow, role }: { workflow: Workflow; role: Role }) {
  const senior = can(role, 'cancelWorkflow');
  const jobs = senior && can(role, 'taintJob') ? jobsOf(workflow.steps) : [];
  return (
    <div className="space-y-4" data-workflow-actions={workflow.id}>
      <TagEditor workflowId={workflow.id} tags={workflow.tags} canEdit={can(role, 'tagWorkflow')} />
      {senior || can(role, 'exportEvidence') ? (
        <div className="flex flex-wrap items-center gap-2">
          {senior ? <CancelWorkflowButton workflowId={workflow.id} running={RUNNING.has(workflow.status)} /> : null}
          {can(role, 'exportEvidence') ? <EvidenceDownload workflowId={workflow.id} /> : null}
        </div>
      ) : null}
      {jobs.length ? (
        <ul className="space-y-1 text-sm" aria-label="Jobs">
          {jobs.map((job) => (
            <li key={job.jobId} className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-xs break-all">{job.jobId}</span>
              <Muted as="span" size="xs">
                {job.stepName} · {job.status}
              </Muted>
              <TaintJobButton jobId={job.jobId} workflowId={workflow.id} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
