'use client';

import { useActionState, useEffect } from 'react';
import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { mutedVariants } from '@/components/ui/muted';
import { Select } from '@/components/ui/select';
import type { AdminAction, AdminActionState } from './action-state';
import { ROLES, type Role } from '@/lib/auth/roles';

/** Change a user's role, or disable / enable them; each is a server action that checks the admin role again. */
export function UserRowActions({
  user,
  changeRoleAction,
  setDisabledAction,
}: {
  user: { id: string; email: string; role: Role; disabled: boolean };
  changeRoleAction: AdminAction;
  setDisabledAction: AdminAction;
}) {
  const [roleState, submitRole, rolePending] = useActionState(changeRoleAction, { status: 'idle' });
  const [disableState, submitDisable, disablePending] = useActionState(setDisabledAction, { status: 'idle' });
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <form action={submitRole} className="flex items-center gap-1">
          <input type="hidden" name="userId" value={user.id} />
          {/* Keyed by the role: after a change the list re-renders and the select must show the stored role. */}
          <Select key={user.role} name="role" defaultValue={user.role} aria-label={`Role of ${user.email}`} compact>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
          <Button type="submit" size="sm" variant="secondary" disabled={rolePending}>
            Change role
          </Button>
        </form>
        <form action={submitDisable}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="disabled" value={String(!user.disabled)} />
          <Button type="submit" size="sm" variant={user.disabled ? 'secondary' : 'danger'} disabled={disablePending}>
            {user.disabled ? 'Enable' : 'Disable'}
          </Button>
        </form>
      </div>
      <Feedback state={roleState} />
      <Feedback state={disableState} />
    </div>
  );
}

function Feedback({ state }: { state: AdminActionState }) {
  // A change that went through is also confirmed by a toast (the line below stays beside the user's row).
  useEffect(() => {
    if (state.status === 'done') toast.success(state.message);
  }, [state]);
  if (state.status === 'idle') return null;
  return (
    <p role={state.status === 'error' ? 'alert' : 'status'} className={state.status === 'error' ? 'text-xs text-red-700 dark:text-red-400' : mutedVariants({ size: 'xs' })}>
      {state.message}
    </p>
  );
}
