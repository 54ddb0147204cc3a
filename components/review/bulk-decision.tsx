'use client';

import { useState } from 'react';
import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import type { Role } from '@/lib/auth/roles';
import { can } from '@/lib/auth/roles';
import { describeFailure } from '@/lib/queries/api-error';
import { reviewApi } from '@/lib/queries/review';
import { DECISION_LABELS, MAX_BULK_ITEMS, type DecisionKind } from '@/lib/review/decision';
import type { ReasonCode } from '@/lib/review/reason-codes';
import { DecisionControls } from './decision-controls';
import { useVerdict } from './reason-picker';
import { useSelection } from './bulk-selection';

/**
 * The bar that records one verdict on every selected workflow (./bulk-selection.tsx holds the selection; it loads
 * this file once a first row is selected). A bulk decision never overwrites: a workflow someone already decided is
 * reported as a conflict and left as it is, to be opened and decided one by one; one a colleague holds (a queue claim)
 * is left to them.
 */

type Outcome = { recorded: number; notSynced: number; notAllowed: number; conflicts: string[]; claimed: string[] };

/** The bar above the list: how many are selected, the three verdicts, and what happened to the last batch. */
export default function BulkDecisionBar({ reasonCodes, role }: { reasonCodes: readonly ReasonCode[]; role: Role }) {
  const { selected, clear } = useSelection();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  async function decide(kind: DecisionKind, reasonCode: string | null = null, note: string | null = null) {
    setBusy(true);
    setMessage(null);
    try {
      const items = [...selected].map(([workflowId, workflowVersionSeen]) => ({ workflowId, expectedVersion: 0, workflowVersionSeen }));
      const { results } = await reviewApi.decideMany({ items, kind, reasonCode, note });
      const outcome: Outcome = { recorded: 0, notSynced: 0, notAllowed: 0, conflicts: [], claimed: [] };
      for (const result of results) {
        if (result.outcome === 'conflict') outcome.conflicts.push(result.workflowId);
        else if (result.outcome === 'claimed') outcome.claimed.push(`${result.workflowId} (${result.by})`);
        else {
          outcome.recorded += 1;
          if (result.sync?.state === 'not_allowed') outcome.notAllowed += 1;
          else if (result.sync?.state !== 'synced') outcome.notSynced += 1;
        }
      }
      const parts = [`${DECISION_LABELS[kind]}: ${outcome.recorded} recorded`];
      if (outcome.notSynced) parts.push(`${outcome.notSynced} not synced upstream yet (retry from each workflow)`);
      if (outcome.notAllowed) parts.push(`${outcome.notAllowed} kept in the console only (the API does not let this token tag them)`);
      if (outcome.conflicts.length) parts.push(`${outcome.conflicts.length} already decided by someone and left as they were: ${outcome.conflicts.join(', ')}`);
      if (outcome.claimed.length) parts.push(`${outcome.claimed.length} being reviewed by a colleague and left to them: ${outcome.claimed.join(', ')}`);
      setMessage({ tone: outcome.conflicts.length || outcome.claimed.length || outcome.notSynced ? 'error' : 'ok', text: `${parts.join('; ')}.` });
      if (outcome.recorded) toast.success(`${DECISION_LABELS[kind]} recorded on ${outcome.recorded} workflows`);
      clear();
    } catch (error) {
      setMessage({ tone: 'error', text: describeFailure(error).title });
    } finally {
      setBusy(false);
    }
  }

  const verdict = useVerdict(reasonCodes, (kind, reasonCode, note) => void decide(kind, reasonCode, note));
  if (!can(role, 'recordDecision') || (selected.size === 0 && !message)) return null;

  return (
    <div className="sticky top-0 z-20 flex flex-wrap items-center gap-3 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm dark:border-sky-800 dark:bg-sky-950/60" data-testid="bulk-decision-bar">
      {selected.size ? (
        <>
          <span className="font-medium">
            {selected.size} selected{selected.size >= MAX_BULK_ITEMS ? ` (at most ${MAX_BULK_ITEMS})` : ''}
          </span>
          <DecisionControls onChoose={verdict.choose} disabled={busy} />
          <Button variant="ghost" size="sm" onClick={clear} disabled={busy}>
            Clear selection
          </Button>
        </>
      ) : null}
      {message ? (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className="basis-full">
          {message.text}
        </p>
      ) : null}
      {verdict.picker}
    </div>
  );
}
