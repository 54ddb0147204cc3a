import type { Metadata } from 'next';
import { InviteUserForm } from '@/components/admin/invite-user-form';
import { UserRowActions } from '@/components/admin/user-row-actions';
import { Badge } from '@/components/ui/badge';
import { Muted } from '@/components/ui/muted';
import { Section } from '@/components/ui/section';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import { requirePageRole } from '@/lib/auth/session';
import { exposureTodayByUser } from '@/lib/audit/audit';
import { listUsers } from '@/lib/auth/user-store';
import { changeUserRole, inviteUser, setUserDisabled } from './actions';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const admin = await requirePageRole('admin');
  const [users, exposure] = await Promise.all([listUsers(admin), exposureTodayByUser(admin)]);

  return (
    <div className="mx-auto w-full max-w-[1400px] space-y-6 px-4 py-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Users</h1>
        <Muted size="sm" className="mt-1">
          Invite moderators, change their role, or disable them (which ends their sessions at once). Every change is in the audit log.
        </Muted>
      </div>
      <Section title="Invite">
        <InviteUserForm action={inviteUser} />
      </Section>
      <Section title={`Accounts (${users.length})`}>
        <Table aria-label="Accounts">
          <TableHeader>
            <TableRow>
              <TableHead>User</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Revealed today</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Change</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((user) => (
              <TableRow key={user.id} data-testid="user-row">
                <TableCell>
                  <div className="font-medium">{user.name}</div>
                  <Muted as="div" size="xs">{user.email}</Muted>
                </TableCell>
                <TableCell>{user.role}</TableCell>
                <TableCell>
                  {user.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}
                  <Muted as="div" size="xs" className="mt-1">
                    {user.activeSessions} session{user.activeSessions === 1 ? '' : 's'}
                  </Muted>
                </TableCell>
                <TableCell>{exposure.get(user.id) ?? 0}</TableCell>
                <TableCell className="whitespace-nowrap">
                  <UtcTime value={user.createdAt.toISOString()} />
                </TableCell>
                <TableCell>
                  <UserRowActions
                    user={{ id: user.id, email: user.email, role: user.role, disabled: user.disabled }}
                    changeRoleAction={changeUserRole}
                    setDisabledAction={setUserDisabled}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
    </div>
  );
}
