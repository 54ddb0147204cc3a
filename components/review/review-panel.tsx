'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useMemo, useState } from 'react';
import { mediaQueries } from '@/lib/queries/media';
import { ViewedByOutput } from '@/components/media/viewed-by';
import { Card } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { Select } from '@/components/ui/select';
import type { Role } from '@/lib/auth/roles';
import { can } from '@/lib/auth/roles';
import type { Workflow } from '@/lib/orchestrator/types';
import { describeFailure } from '@/lib/queries/api-error';
import type { DecisionResponse } from '@/lib/review/api-types';
import { seenReview, type DecisionInput } from '@/lib/queries/review';
import { DECISION_LABELS, type DecisionKind } from '@/lib/review/decision';
import type { ReasonCode } from '@/lib/review/reason-codes';
import { workflowVersion } from '@/lib/review/workflow-version';
import { ClaimNotice, useWorkflowClaim } from './claim-notice';
import { useConfirmedOk } from './confirm-ok';
import { ConflictDialog } from './conflict-dialog';
import { DecisionControls } from './decision-controls';
import { ModerationGateBlock } from './moderation-gate';
import { useVerdict } from './reason-picker';
import { ReviewState } from './review-state';
import { useClaim } from './use-claim';
import { useDecide } from './use-decide';
import { useDecisionKeys } from './use-decision-keys';
import { WorkflowActions } from './workflow-actions';

const WHOLE_WORKFLOW = '';

/**
 * The review block of one workflow: what is decided, a verdict on the workflow or on one output, and the upstream
 * actions the moderator's role allows. While another reviewer holds the workflow (a queue claim) it is read-only for
 * deciding, and a senior may take the claim over.
 */
export function ReviewPanel({ workflow, reasonCodes, role, userId }: { workflow: Workflow; reasonCodes: readonly ReasonCode[]; role: Role; userId: string }) {
  const queryClient = useQueryClient();
  const subjectId = useId();
  const [blobId, setBlobId] = useState(WHOLE_WORKFLOW);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const onResponse = useCallback((input: DecisionInput, response: DecisionResponse) => {
    if (response.outcome === 'recorded') {
      const synced = response.sync?.state === 'synced';
      setMessage({ tone: 'ok', text: `${DECISION_LABELS[input.kind]} recorded${synced ? ' and synced upstream' : '; not synced upstream yet'}.` });
    }
  }, []);
  const { decide, conflict, overwriting, keep, overwrite } = useDecide(onResponse);
  const holder = useWorkflowClaim(workflow.id);
  const { claim: own, takeOver } = useClaim(workflow.id, { claimOnOpen: false });
  const heldByOther = holder !== null && holder.by.id !== userId && own.status !== 'held';
  const canDecide = can(role, 'recordDecision') && !heldByOther;

  async function send(kind: DecisionKind, reasonCode: string | null = null, note: string | null = null) {
    setBusy(true);
    setMessage(null);
    try {
      const review = await seenReview(queryClient, workflow.id);
      const head = blobId ? review.outputs.find((output) => output.blobId === blobId) : review.decision;
      await decide({
        workflowId: workflow.id,
        blobId: blobId || null,
        kind,
        reasonCode,
        note,
        expectedVersion: head?.version ?? 0,
        workflowVersionSeen: workflowVersion(workflow),
      });
    } catch (error) {
      setMessage({ tone: 'error', text: describeFailure(error).title });
    } finally {
      setBusy(false);
    }
  }

  const verdict = useVerdict(reasonCodes, (kind, reasonCode, note) => void send(kind, reasonCode, note));
  const chooseVerdict = verdict.choose;

  // OK near or above asks first, as in the queue: over the output chosen, or every output of the workflow.
  const readGates = useCallback(async () => {
    const { gates } = await queryClient.ensureQueryData(mediaQueries.gates(workflow.id));
    return blobId ? gates.filter((gate) => gate.blobId === blobId) : gates;
  }, [blobId, queryClient, workflow.id]);
  const decideOk = () => void send('ok');
  const failOk = useCallback((text: string) => setMessage({ tone: 'error', text }), []);
  const { chooseOk, dialog: confirmOk } = useConfirmedOk(readGates, decideOk, failOk);
  const choose = useCallback((kind: DecisionKind) => (kind === 'ok' ? void chooseOk() : chooseVerdict(kind)), [chooseOk, chooseVerdict]);
  // The queue's keys work here too: 1 OK, 2 flag, 3 escalate (on the subject chosen above).
  const keys = useMemo(() => ({ '1': () => choose('ok'), '2': () => choose('flagged'), '3': () => choose('escalated') }), [choose]);
  useDecisionKeys(keys, canDecide && !busy);

  return (
    <Card className="space-y-4">
      <h2 className="text-base font-semibold">Review</h2>
      <ClaimNotice holder={heldByOther ? holder : null} own={own} canTakeOver={can(role, 'takeOverClaim')} onTakeOver={takeOver} />
      <ReviewState workflowId={workflow.id} reasonCodes={reasonCodes} />
      <ModerationGateBlock workflow={workflow} role={role} />
      {canDecide ? (
        <div className="space-y-2">
          {workflow.media.length ? (
            <div className="max-w-md space-y-1">
              <Label htmlFor={subjectId}>Decide on</Label>
              <Select id={subjectId} value={blobId} onChange={(event) => setBlobId(event.target.value)}>
                <option value={WHOLE_WORKFLOW}>The whole workflow</option>
                {workflow.media.map((item) => (
                  <option key={item.blobId} value={item.blobId}>
                    Output {item.blobId}
                  </option>
                ))}
              </Select>
            </div>
          ) : null}
          <DecisionControls onChoose={choose} disabled={busy} showKeys />
          {message ? (
            <p role={message.tone === 'error' ? 'alert' : 'status'} className="text-sm">
              {message.text}
            </p>
          ) : null}
        </div>
      ) : null}
      {can(role, 'revealGatedMedia') && workflow.media.length ? <ViewedByOutput workflowId={workflow.id} /> : null}
      <WorkflowActions workflow={workflow} role={role} />
      {verdict.picker}
      {confirmOk}
      <ConflictDialog conflict={conflict} reasonCodes={reasonCodes} busy={overwriting} onKeep={keep} onOverwrite={() => void overwrite()} />
    </Card>
  );
}
