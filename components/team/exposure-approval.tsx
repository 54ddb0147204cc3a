'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { describeFailure } from '@/lib/queries/api-error';
import { approveExposure } from '@/lib/queries/team';

/** Reveals a senior allows at once beyond the daily cap. */
const EXTRA_REVEALS = 10;

/**
 * A senior's approval of more tier-2/3 reveals today for a reviewer who reached REVEAL_DAILY_CAP (the reveal refusal
 * tells the reviewer to ask). The reason is written to the audit log with the approval.
 */
export function ExposureApproval({ userId, name }: { userId: string; name: string }) {
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
        Allow {EXTRA_REVEALS} more today
      </Button>
    );
  }
  async function approve() {
    setBusy(true);
    try {
      const { allowance } = await approveExposure(userId, EXTRA_REVEALS, reason);
      toast.success(
        allowance ? `${name} may reveal ${allowance.allowed - allowance.revealed} more today.` : `Recorded; no daily cap is configured (REVEAL_DAILY_CAP).`,
      );
      setOpen(false);
      setReason('');
    } catch (error) {
      toast.error(describeFailure(error).title);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void approve();
      }}
    >
      <label htmlFor={reasonId} className="sr-only">
        Why {name} may reveal more today
      </label>
      <Input id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} placeholder="Why (8+ characters)" className="w-56" required minLength={8} />
      <Button size="sm" type="submit" disabled={busy || reason.trim().length < 8}>
        Allow
      </Button>
      <Button size="sm" variant="secondary" type="button" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </form>
  );
}
