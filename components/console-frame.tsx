import type { ReactNode } from 'react';
import { ConsoleNav } from '@/components/auth/console-nav';
import { UserMenu } from '@/components/auth/user-menu';
import { ShortcutButton } from '@/components/keyboard/shortcut-button';
import { LiveChannel } from '@/components/live/live-channel';
import { UnreviewedAbove } from '@/components/live/unreviewed-above';
import { Providers } from '@/components/providers';
import { SiteHeader } from '@/components/site-header';
import { sectionsFor } from '@/lib/auth/navigation';
import { can } from '@/lib/auth/roles';
import type { SessionUser } from '@/lib/auth/session-user';
import { exposureToday } from '@/lib/audit/audit';

/**
 * The signed-in frame: header (sections for the role, the user menu) and main, inside the client providers (query
 * cache, URL state, keyboard, command palette, toasts). The console layout uses it, and so do the 403 and 404 pages,
 * which render outside that layout but must not strand a signed-in moderator without navigation.
 */
export async function ConsoleFrame({ user, children }: { user: SessionUser; children: ReactNode }) {
  // Who works queues sees the unreviewed count in the header, kept live.
  const triages = can(user.role, 'recordDecision');
  const exposure = can(user.role, 'revealGatedMedia') ? await exposureToday(user, user.id) : null;
  return (
    <Providers role={user.role}>
      <LiveChannel withCounts={triages}>
        <SiteHeader>
          <ConsoleNav items={sectionsFor(user.role)} />
          <ShortcutButton opens="palette" />
          <UserMenu user={user} exposureToday={exposure}>
            {triages ? <UnreviewedAbove /> : null}
          </UserMenu>
        </SiteHeader>
        <main id="main">{children}</main>
      </LiveChannel>
    </Providers>
  );
}
