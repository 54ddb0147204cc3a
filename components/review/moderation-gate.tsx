'use client';

import { Check, X } from 'lucide-react';
import { useId, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { can, type Role } from '@/lib/auth/roles';
import { moderationGate } from '@/lib/moderation/moderation-gate';
import { MAX_GATE_MESSAGE } from '@/lib/orchestrator/vocabulary';
import type { Workflow } from '@/lib/orchestrator/types';
import { ApiError } from '@/lib/queries/api-error';
import { reviewApi } from '@/lib/queries/review';
import { ActionDialog } from './action-dialog';

const STATUS_LABELS: Record<string, string> = {
  evaluating: 'being evaluated',
  underReview: 'under review',
  approved: 'approved',
  rejected: 'rejected',
};

type Verdict = 'approve' | 'deny';

/**
 * A workflow's moderation gate (a training held back until someone decides): its status for everyone, and Approve /
 * Deny for seniors while it is under review. A gate someone else decided first is news, not a failure: the dialog
 * and a toast say "already decided elsewhere".
 */
export function ModerationGateBlock({ workflow, role }: { workflow: Workflow; role: Role }) {
  const gate = moderationGate(workflow);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const headingId = useId();
  if (!gate) return null;

  const status = outcome ?? STATUS_LABELS[gate.status] ?? gate.status;
  const open = gate.pending && outcome === null;
  const decide = async (approved: boolean, message: string): Promise<string> => {
    try {
      const { status: decided } = await reviewApi.decideGate(workflow.id, approved, message || null);
      setOutcome(decided);
      toast.success(`Moderation gate ${decided}`);
      return `The gate is ${decided} upstream${message ? ', with your message' : ''}.`;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      setOutcome('already decided elsewhere');
      toast.info('Moderation gate already decided elsewhere');
      return 'Already decided elsewhere: the gate is no longer pending upstream, so nothing was sent.';
    }
  };

  return (
    <section aria-labelledby={headingId} className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-moderation-gate={gate.stepName}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={headingId} className="text-sm font-semibold">
          Moderation gate: {status}
        </h3>
        <Badge tone={open ? 'warning' : 'neutral'}>step {gate.stepName}</Badge>
      </div>
      {open ? (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          The Orchestration API holds this step&apos;s result until a senior approves or denies it.
        </p>
      ) : null}
      {open && can(role, 'decideModerationGate') ? (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => setVerdict('approve')}>
            <Check aria-hidden className="size-4" /> Approve
          </Button>
          <Button size="sm" variant="danger" onClick={() => setVerdict('deny')}>
            <X aria-hidden className="size-4" /> Deny
          </Button>
        </div>
      ) : null}
      <ActionDialog
        key={verdict ?? 'closed'}
        open={verdict !== null}
        onClose={() => setVerdict(null)}
        title={verdict === 'deny' ? 'Deny the moderation gate' : 'Approve the moderation gate'}
        confirmLabel={verdict === 'deny' ? 'Deny' : 'Approve'}
        busyLabel="Sending…"
        danger={verdict === 'deny'}
        reason={{
          label: verdict === 'deny' ? 'Message (required: why it is denied)' : 'Message (optional)',
          required: verdict === 'deny',
          maxLength: MAX_GATE_MESSAGE,
        }}
        run={(message) => decide(verdict === 'approve', message)}
      >
        Your decision and message go to the Orchestration API and are recorded in the audit log.
      </ActionDialog>
    </section>
  );
}
