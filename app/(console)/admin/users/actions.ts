'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import type { AdminActionState } from '@/components/admin/action-state';
import { isRole } from '@/lib/auth/roles';
import { RequestRefused } from '@/lib/auth/same-origin';
import { AuthError, requireRole } from '@/lib/auth/session';
import { changeRole, createUser, setDisabled, UserError, type ChangeContext } from '@/lib/db/users';
import { guardServerAction } from '@/lib/http/request-guard';
import { requestMeta } from '@/lib/http/request-meta';

async function asAdmin(work: (context: ChangeContext) => Promise<AdminActionState>): Promise<AdminActionState> {
  try {
    await guardServerAction();
    const actor = await requireRole('admin');
    const result = await work({ actor, ...requestMeta(await headers()) });
    revalidatePath('/admin/users');
    return result;
  } catch (error) {
    if (error instanceof UserError || error instanceof AuthError || error instanceof RequestRefused) return { status: 'error', message: error.message };
    throw error;
  }
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
