'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Button } from './button';
import { ErrorState } from './states';

/**
 * A screen's error boundary content. Server errors arrive without their message in production (Next hides it), so
 * this says what could not be shown and offers a retry that re-renders the server part too.
 */
export function ScreenError({ what, reset, digest }: { what: string; reset: () => void; digest?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div className="mx-auto w-full max-w-[1800px] px-4 py-6">
      <ErrorState
        title={`Could not show ${what}`}
        action={
          <Button
            disabled={pending}
            onClick={() =>
              startTransition(() => {
                router.refresh();
                reset();
              })
            }
          >
            {pending ? 'Retrying…' : 'Retry'}
          </Button>
        }
      >
        The console or the Orchestration API failed while preparing this screen.
        {digest ? <> Reference for an administrator: <code>{digest}</code>.</> : null}
      </ErrorState>
    </div>
  );
}
