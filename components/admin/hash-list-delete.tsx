'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { toast } from '@/components/ui/toast';
import { hashListApi, type HashListDeleteAnswer } from '@/lib/hash-lists/api';
import { describeFailure } from '@/lib/queries/api-error';
import { sendJson } from '@/lib/queries/fetch-json';

/** Deletes a list after a confirmation that says what goes with it: its matches, so those outputs' tiers fall back. */
export function HashListDelete({ list }: { list: { id: string; name: string; entryCount: number; matchCount: number } }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setFailure(null);
    try {
      const deleted = await sendJson<HashListDeleteAnswer>('DELETE', hashListApi.list(list.id), {});
      toast.success(`Deleted “${deleted.name}” and its ${deleted.matchCount} matches.`);
      setOpen(false);
      router.refresh();
    } catch (error) {
      setFailure(describeFailure(error).title);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button type="button" size="sm" variant="danger" onClick={() => setOpen(true)} aria-label={`Delete the hash list ${list.name}`}>
        Delete
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete “${list.name}”?`}>
        <div className="space-y-3 text-sm">
          <p>
            Its {list.entryCount.toLocaleString('en-US')} hashes and {list.matchCount} matches are removed: outputs it matched fall back to their own scan&apos;s
            tier. The deletion is in the audit log.
          </p>
          {failure ? (
            <p role="alert" className="text-red-700 dark:text-red-400">
              {failure}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" size="sm" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="button" size="sm" variant="danger" onClick={confirm} disabled={busy} data-autofocus>
              {busy ? 'Deleting…' : 'Delete list'}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
