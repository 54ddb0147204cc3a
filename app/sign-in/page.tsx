import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { SsoSignInButton } from '@/components/auth/sso-sign-in-button';
import { SiteHeader } from '@/components/site-header';
import { Card } from '@/components/ui/card';
import { Muted } from '@/components/ui/muted';
import { safeNextPath } from '@/lib/auth/next-path';
import { getSessionUser } from '@/lib/auth/session';
import { ssoErrorMessage } from '@/lib/auth/sso-policy';
import { env } from '@/lib/env';

export const metadata: Metadata = { title: 'Sign in' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: PageProps<'/sign-in'>) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  if (await getSessionUser()) redirect(next);
  const reason = first(params.reason);
  const ssoError = first(params.error);
  const { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, SSO_ISSUER, SSO_ONLY } = env();
  const sso = Boolean(SSO_ISSUER);
  // SSO_ONLY hides the password form; the break-glass admin opens it at /sign-in?method=password (README, SSO).
  const passwords = !SSO_ONLY || first(params.method) === 'password';

  return (
    <>
      <SiteHeader />
      <main className="mx-auto max-w-sm px-4 py-12">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        {reason === 'expired' ? (
          <p role="status" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-100">
            Your session ended: it was idle for {SESSION_IDLE_MINUTES} minutes, reached its {SESSION_MAX_HOURS}-hour limit, or was ended by an
            admin. Sign in again to continue.
          </p>
        ) : null}
        {reason === 'signed_out' ? (
          <p role="status" className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">
            You are signed out.
          </p>
        ) : null}
        {ssoError ? (
          <p id="sso-error" role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-100">
            {ssoErrorMessage(ssoError.slice(0, 100))}
          </p>
        ) : null}
        <Card className="mt-6 space-y-4">
          {sso ? <SsoSignInButton next={next} primary={!passwords} /> : null}
          {sso && passwords ? <p className="text-center text-xs text-zinc-600 dark:text-zinc-400">{SSO_ONLY ? 'Break-glass admin' : 'or with a console password'}</p> : null}
          {passwords ? <SignInForm next={next} /> : null}
        </Card>
        <Muted size="xs" className="mt-4">
          {sso ? 'Your company account gives you your role; a console admin can disable it here.' : 'Accounts are created by an admin. Ask one if you need access.'}
        </Muted>
      </main>
    </>
  );
}
