'use client';

import { Button } from '@/components/ui/button';

/** Root error boundary: a readable message and a retry, never a stack trace. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">
        The page could not be shown. Try again; if it keeps failing, give this reference to an admin:{' '}
        <code>{error.digest ?? 'none'}</code>
      </p>
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
