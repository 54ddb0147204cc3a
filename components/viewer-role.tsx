'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { can, type Permission, type Role } from '@/lib/auth/roles';

/**
 * The signed-in reviewer's role, for client components deep in a screen that show a control only to the roles that
 * may use it (the tiles' "Find similar"). The server checks again; outside the console frame nothing is allowed.
 */
const ViewerRoleContext = createContext<Role | null>(null);

export function ViewerRoleProvider({ role, children }: { role: Role; children: ReactNode }) {
  return <ViewerRoleContext value={role}>{children}</ViewerRoleContext>;
}

export function useViewerCan(permission: Permission): boolean {
  const role = useContext(ViewerRoleContext);
  return role !== null && can(role, permission);
}
