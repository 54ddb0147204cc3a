import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ConsoleNav } from '@/components/auth/console-nav';
import { UserMenu } from '@/components/auth/user-menu';
import { Providers } from '@/components/providers';
import { SiteHeader } from '@/components/site-header';
import { minimumRoleForPath, sectionsFor } from '@/lib/auth/navigation';
import { can } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';
import { exposureToday } from '@/lib/db/audit';
import { REQUEST_PATH_HEADER } from '@/lib/http/request-path';

/**
 * The signed-in shell. It checks the role the section needs before anything streams (so the answer is a real
 * redirect or 403); each page checks again, because a layout is not re-run on client-side navigation.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole(minimumRoleForPath((await headers()).get(REQUEST_PATH_HEADER) ?? '/'));
  const exposure = can(user.role, 'revealGatedMedia') ? await exposureToday(user, user.id) : null;
  return (
    <>
      <SiteHeader>
        <ConsoleNav items={sectionsFor(user.role)} />
        <UserMenu user={user} exposureToday={exposure} />
      </SiteHeader>
      <main id="main">
        <Providers>{children}</Providers>
      </main>
    </>
  );
}
