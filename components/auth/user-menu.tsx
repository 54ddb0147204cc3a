import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { SIGN_OUT_EVERYWHERE, SIGN_OUT_SCOPE_FIELD } from '@/lib/auth/sign-out-form';
import type { SessionUser } from '@/lib/auth/session-user';
import { ExposureCounter } from './exposure-counter';

/**
 * Who is signed in, their role, how many gated items they revealed today (a wellness measure; null when their role
 * cannot reveal), what the frame puts first (`children`: the live unreviewed count), and sign-out: a plain form post, so it works even when the page's scripts do not.
 */
export function UserMenu({ user, exposureToday, children }: { user: SessionUser; exposureToday: number | null; children?: ReactNode }) {
  return (
    <div className="ml-auto flex items-center gap-3 text-sm">
      {children}
      {exposureToday === null ? null : <ExposureCounter initial={exposureToday} />}
      <span className="flex items-center gap-2">
        <span className="max-w-48 truncate font-medium" title={user.email} data-testid="signed-in-user">
          {user.name}
        </span>
        <Badge tone={user.role === 'admin' ? 'warning' : 'info'} data-testid="signed-in-role">
          {user.role}
        </Badge>
      </span>
      <form method="post" action="/api/auth/sign-out" className="flex items-center gap-1">
        <button type="submit" className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
          Sign out
        </button>
        <button
          type="submit"
          name={SIGN_OUT_SCOPE_FIELD}
          value={SIGN_OUT_EVERYWHERE}
          className={buttonVariants({ variant: 'ghost', size: 'sm' })}
          title="End your sessions on every device"
        >
          Sign out everywhere
        </button>
      </form>
    </div>
  );
}
