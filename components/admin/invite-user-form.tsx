'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select } from '@/components/ui/select';
import type { AdminAction } from './action-state';
import { ROLES } from '@/lib/auth/roles';

/** Creates an account with a generated password, shown here once: the console keeps only its hash. */
export function InviteUserForm({ action }: { action: AdminAction }) {
  const [state, submit, pending] = useActionState(action, { status: 'idle' });
  return (
    <div className="space-y-3">
      <form action={submit} className="grid gap-3 sm:grid-cols-4 sm:items-end" aria-label="Invite a moderator">
        <div className="space-y-1 sm:col-span-2">
          <Label htmlFor="invite-email">Email</Label>
          <Input id="invite-email" name="email" type="email" required autoComplete="off" />
        </div>
        <div className="space-y-1">
          <Label htmlFor="invite-name">Name (optional)</Label>
          <Input id="invite-name" name="name" autoComplete="off" />
        </div>
        <div className="space-y-1">
          <Label htmlFor="invite-role">Role</Label>
          <Select id="invite-role" name="role" defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" size="sm" disabled={pending} className="sm:col-span-4 sm:w-fit">
          {pending ? 'Creating…' : 'Create account'}
        </Button>
      </form>
      {state.status === 'error' ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      ) : null}
      {state.status === 'done' ? (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100">
          <p>{state.message}</p>
          {state.password ? (
            <p className="mt-1">
              Their password, shown only now — pass it on privately: <code data-testid="invite-password" className="font-mono select-all">{state.password}</code>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
