'use client';

import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { describeFailure } from '@/lib/queries/api-error';
import type { MirrorResult } from '@/lib/review/api-types';
import { reviewApi } from '@/lib/queries/review';

/**
 * Whether the decision reached the upstream as a review tag. "Not synced" keeps the decision (it is stored here)
 * and offers a retry; the reason the last attempt failed is shown as the console worded it. "Console only" is a
 * refusal no retry fixes (the token may not tag this workflow): no retry button.
 */
export function SyncStatus({ workflowId, sync, onSynced }: { workflowId: string; sync: MirrorResult | null; onSynced: (sync: MirrorResult | null) => void }) {
  const [retrying, setRetrying] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (!sync) return null;
  if (sync.state === 'synced') {
    return (
      <Badge tone="success" data-sync-state="synced">
        Synced upstream
      </Badge>
    );
  }
  if (sync.state === 'not_allowed') {
    // A retry cannot help here, so none is offered: the decision stands in the console.
    return (
      <span className="inline-flex flex-wrap items-center gap-2" data-sync-state="not_allowed">
        <Badge tone="neutral">Console only</Badge>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">{sync.lastError}</span>
      </span>
    );
  }
  async function retry() {
    setRetrying(true);
    setFailure(null);
    try {
      onSynced((await reviewApi.retrySync(workflowId)).sync);
    } catch (error) {
      setFailure(describeFailure(error).title);
    } finally {
      setRetrying(false);
    }
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-sync-state={sync.state}>
      <Badge tone="warning">Not synced</Badge>
      <span className="text-xs text-zinc-600 dark:text-zinc-400">{failure ?? sync.lastError ?? 'The review tag is not upstream yet.'}</span>
      <Button size="sm" variant="secondary" onClick={retry} disabled={retrying} aria-busy={retrying}>
        {retrying ? 'Retrying…' : 'Retry sync'}
      </Button>
    </span>
  );
}
