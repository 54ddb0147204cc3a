import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ConsoleFrame } from '@/components/console-frame';
import { minimumRoleForPath } from '@/lib/auth/navigation';
import { requirePageRole } from '@/lib/auth/session';
import { REQUEST_PATH_HEADER } from '@/lib/request/request-path';

/**
 * The signed-in shell. It checks the role the section needs before anything streams (so the answer is a real
 * redirect or 403); each page checks again, because a layout is not re-run on client-side navigation.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole(minimumRoleForPath((await headers()).get(REQUEST_PATH_HEADER) ?? '/'));
  return <ConsoleFrame user={user}>{children}</ConsoleFrame>;
}
