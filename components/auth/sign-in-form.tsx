'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

type Failure = { status: number; retryAfter: string | null; code?: string };

function messageFor(failure: Failure): string {
  if (failure.status === 401) return 'Wrong email or password, or the account is disabled.';
  if (failure.status === 429 && failure.code === 'ACCOUNT_THROTTLED') return 'Too many failed sign-ins for this account. Wait 15 minutes, or ask an admin.';
  if (failure.status === 429) return `Too many sign-in attempts. Try again in ${failure.retryAfter ?? 'a few'} seconds.`;
  if (failure.status === 403) return 'Sign-in was refused: open the console at its own address and try again.';
  return 'Sign-in failed. Try again; if it keeps failing, tell an admin.';
}

/** Email + password, posted to better-auth; on success a full page load of `next` (a path checked on the server). */
export function SignInForm({ next }: { next: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
      });
      if (response.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { code?: string };
      setError(messageFor({ status: response.status, retryAfter: response.headers.get('X-Retry-After'), code: body.code }));
    } catch {
      setError('The console could not be reached. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? 'sign-in-error' : undefined}>
      <div className="space-y-1">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="space-y-1">
        <Label htmlFor="password">Password</Label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error ? (
        <p id="sign-in-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
