'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/**
 * Company sign-in: better-auth makes the state, PKCE verifier and nonce (kept server-side, bound to a cookie) and
 * answers with the identity provider's authorization URL, which this page then opens. The provider sends the
 * browser back to `next`, or to the sign-in page with `?error=` when the sign-in was refused.
 */
export function SsoSignInButton({ next, primary }: { next: string; primary: boolean }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in/social', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ provider: 'sso', callbackURL: next, errorCallbackURL: `/sign-in?next=${encodeURIComponent(next)}` }),
      });
      const body = (await response.json().catch(() => ({}))) as { url?: string };
      if (response.ok && body.url) {
        window.location.assign(body.url);
        return;
      }
      setError(response.status === 429 ? 'Too many sign-in attempts from here. Wait a minute and try again.' : 'Company sign-in could not start. Try again; if it keeps failing, tell an admin.');
    } catch {
      setError('The console could not be reached. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    <div className="space-y-2">
      <Button type="button" variant={primary ? 'primary' : 'secondary'} className="w-full" disabled={pending} onClick={start}>
        {pending ? 'Opening your company sign-in…' : 'Continue with your company account'}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
