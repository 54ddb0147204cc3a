'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
// The zod-free id formats (lib/orchestrator/ids.ts builds zod schemas, too heavy for every screen's bundle).
import { isUserId } from '@/lib/orchestrator/id-formats';

/** `g u` on a screen without a user in view asks which Civitai user to open. */
export function GoToUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const inputId = useId();
  const errorId = useId();
  const [value, setValue] = useState('');
  const invalid = value !== '' && !isUserId(value.trim());

  return (
    <Dialog open={open} onClose={onClose} title="Open a user's risk overview">
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          const userId = value.trim();
          if (!isUserId(userId)) return;
          onClose();
          setValue('');
          router.push(`/users/${userId}`);
        }}
      >
        <div className="space-y-1">
          <Label htmlFor={inputId}>Civitai user id</Label>
          <Input
            id={inputId}
            data-autofocus
            inputMode="numeric"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            aria-invalid={invalid}
            aria-describedby={invalid ? errorId : undefined}
          />
          {invalid ? (
            <p id={errorId} className="text-xs text-red-700 dark:text-red-400">
              A user id is ASCII digits without leading zeros, e.g. 8484131.
            </p>
          ) : null}
        </div>
        <Button type="submit" disabled={!value || invalid}>
          Open
        </Button>
      </form>
    </Dialog>
  );
}
