'use client';

import { describeFailure } from '@/lib/queries/api-error';
import { Button } from './button';
import { ErrorState } from './states';
import { VisibleText } from './visible-text';

/**
 * A failed query, said once for every screen: "Could not load <what>: <the API route's own title>", its detail, and
 * a Retry unless retrying cannot help (bad input, no permission, not found).
 */
export function QueryErrorState({
  what,
  error,
  onRetry,
  retrying,
  fallbackDetail = 'The Orchestration API did not give a usable answer.',
}: {
  what: string;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
  fallbackDetail?: string;
}) {
  const failure = describeFailure(error);
  return (
    <ErrorState
      title={`Could not load ${what}: ${failure.title}`}
      action={
        failure.canRetry ? (
          <Button onClick={onRetry} disabled={retrying}>
            {retrying ? 'Retrying…' : 'Retry'}
          </Button>
        ) : null
      }
    >
      {failure.detail ? <VisibleText text={failure.detail} /> : fallbackDetail}
    </ErrorState>
  );
}
