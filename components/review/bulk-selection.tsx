'use client';

import dynamic from 'next/dynamic';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useLatched } from '@/components/ui/use-latched';
import type { Role } from '@/lib/auth/roles';
import { MAX_BULK_ITEMS } from '@/lib/review/decision';
import type { ReasonCode } from '@/lib/review/reason-codes';
import { workflowVersion } from '@/lib/review/workflow-version';

/**
 * Bulk select on the workflows screen, for clear-cut batches: a checkbox per row, and the decision bar
 * (./bulk-decision.tsx), which the page loads only once a first row is selected.
 */

/** What a row shows of its workflow: enough to fingerprint the version the moderator saw when selecting it. */
export type SelectableWorkflow = { id: string; status: string; tags: readonly string[] };

type Selection = {
  selected: ReadonlyMap<string, string>;
  toggle: (workflow: SelectableWorkflow) => void;
  clear: () => void;
};

const SelectionContext = createContext<Selection | null>(null);

export function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error('needs <BulkSelectionProvider>');
  return selection;
}

export function BulkSelectionProvider({ children }: { children: ReactNode }) {
  // workflow id → the version seen when it was selected
  const [selected, setSelected] = useState<ReadonlyMap<string, string>>(new Map());
  const toggle = useCallback((workflow: SelectableWorkflow) => {
    setSelected((previous) => {
      const next = new Map(previous);
      if (next.has(workflow.id)) next.delete(workflow.id);
      else if (next.size < MAX_BULK_ITEMS) next.set(workflow.id, workflowVersion({ status: workflow.status, tags: workflow.tags, steps: [] }));
      return next;
    });
  }, []);
  const clear = useCallback(() => setSelected(new Map()), []);
  const value = useMemo(() => ({ selected, toggle, clear }), [selected, toggle, clear]);
  return <SelectionContext value={value}>{children}</SelectionContext>;
}

/** The checkbox for one row; nothing where the list offers no bulk decisions (viewers). Clicking it never opens the row. */
export function RowSelectCheckbox({ workflow }: { workflow: SelectableWorkflow }) {
  const selection = useContext(SelectionContext);
  if (!selection) return null;
  const { selected, toggle } = selection;
  const checked = selected.has(workflow.id);
  return (
    <input
      type="checkbox"
      className="relative z-10 size-4 accent-sky-700 dark:accent-sky-500"
      checked={checked}
      disabled={!checked && selected.size >= MAX_BULK_ITEMS}
      onChange={() => toggle(workflow)}
      onClick={(event) => event.stopPropagation()}
      aria-label={`Select workflow ${workflow.id} for a bulk decision`}
    />
  );
}

const BulkDecisionBar = dynamic(() => import('./bulk-decision'), { ssr: false });

/** Where the decision bar goes: empty until a first row is selected, then the bar (kept, so its last outcome stays). */
export function BulkDecisionSlot({ reasonCodes, role }: { reasonCodes: readonly ReasonCode[]; role: Role }) {
  const { selected } = useSelection();
  return useLatched(selected.size > 0) ? <BulkDecisionBar reasonCodes={reasonCodes} role={role} /> : null;
}
