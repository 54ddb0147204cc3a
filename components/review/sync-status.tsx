'use client';

import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Muted } from '@/components/ui/muted';
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
        <Muted as="span" size="xs">{sync.lastError}</Muted>
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
      <Muted as="span" size="xs">{failure ?? sync.lastError ?? 'The review tag is not upstream yet.'}</Muted>
      <Button size="sm" variant="secondary" onClick={retry} disabled={retrying} aria-busy={retrying}>
        {retrying ? 'Retrying…' : 'Retry sync'}
      </Button>
    </span>
  );
}
