'use server';

import { revalidatePath } from 'next/cache';
import type { AdminActionState } from '@/components/admin/action-state';
import { isRole } from '@/lib/auth/roles';
import { changeRole, createUser, setDisabled, type ChangeContext } from '@/lib/auth/user-store';
import { serverAction } from '@/lib/http/server-action';

function asAdmin(work: (context: ChangeContext) => Promise<AdminActionState>): Promise<AdminActionState> {
  return serverAction(
    'admin',
    async ({ user, meta }) => {
      const result = await work({ actor: user, ...meta });
      revalidatePath('/admin/users');
      return result;
    },
    (message) => ({ status: 'error', message }),
  );
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export async function inviteUser(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return asAdmin(async (context) => {
    const name = text(form, 'name').trim();
    const { user, password } = await createUser({ email: text(form, 'email'), name: name || undefined, role: text(form, 'role') }, context);
    return { status: 'done', message: `${user.email} can now sign in as ${user.role}.`, password };
  });
}

export async function changeUserRole(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return asAdmin(async (context) => {
    const role = text(form, 'role');
    if (!isRole(role)) return { status: 'error', message: 'Pick a role from the list.' };
    await changeRole(text(form, 'userId'), role, context);
    return { status: 'done', message: `Role changed to ${role}.` };
  });
}

export async function setUserDisabled(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return asAdmin(async (context) => {
    const disabled = text(form, 'disabled') === 'true';
    await setDisabled(text(form, 'userId'), disabled, context);
    return { status: 'done', message: disabled ? 'Disabled; their sessions have ended.' : 'Enabled again.' };
  });
}
