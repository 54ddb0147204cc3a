'use client';

import { useId, useState, type FormEvent } from 'react';
import { Muted } from '@/components/ui/muted';
import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { Chip } from '@/components/ui/chip';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { VisibleText } from '@/components/ui/visible-text';
import { describeFailure } from '@/lib/queries/api-error';
import { reviewApi } from '@/lib/queries/review';
import { useWorkflowChanged } from '@/lib/queries/use-workflow-changed';
import { isReviewTag } from '@/lib/review/decision';
import { addTagProblem, describeTagProblem } from '@/lib/orchestrator/tag-rules';
import { ActionDialog } from './action-dialog';

/**
 * A workflow's tags with add and remove, written upstream. Review tags are shown but follow decisions, so they
 * have no remove button. The contract's limits are checked here for a quick answer and again on the server.
 */
export function TagEditor({ workflowId, tags: initialTags, canEdit }: { workflowId: string; tags: string[]; canEdit: boolean }) {
  const workflowChanged = useWorkflowChanged();
  const [tags, setTags] = useState(initialTags);
  // The screen renders again after any write to the workflow (a decision changes its review tag): follow it.
  const [shownTags, setShownTags] = useState(initialTags);
  if (shownTags !== initialTags) {
    setShownTags(initialTags);
    setTags(initialTags);
  }
  const [draft, setDraft] = useState('');
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const inputId = useId();

  function changed(next: string[]) {
    setTags(next);
    workflowChanged(workflowId);
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const tag = draft.trim();
    const problem = isReviewTag(tag) ? 'Review tags follow decisions: record a decision instead.' : addTagProblem(tags, tag);
    if (problem) {
      setMessage({ tone: 'error', text: typeof problem === 'string' ? problem : describeTagProblem(problem) });
      return;
    }
    setAdding(true);
    setMessage(null);
    try {
      changed((await reviewApi.addTag(workflowId, tag)).tags);
      setDraft('');
      setMessage({ tone: 'ok', text: `Tag “${tag}” added upstream.` });
      toast.success(`Tag “${tag}” added upstream`);
    } catch (error) {
      setMessage({ tone: 'error', text: describeFailure(error).title });
    } finally {
      setAdding(false);
    }
  }

  return (
    <div className="space-y-2">
      <ul className="flex flex-wrap gap-1" aria-label="Workflow tags">
        {tags.map((tag) => (
          <li key={tag}>
            <Chip
              onRemove={canEdit && !isReviewTag(tag) ? () => setRemoving(tag) : undefined}
              removeLabel={`Remove tag ${tag}`}
            >
              <VisibleText text={tag} />
            </Chip>
          </li>
        ))}
        {tags.length === 0 ? <Muted as="li" size="xs">No tags</Muted> : null}
      </ul>
      {canEdit ? (
        <form onSubmit={add} className="flex items-end gap-2">
          <div className="min-w-0 flex-1 space-y-1">
            <Label htmlFor={inputId}>Add a tag</Label>
            <Input id={inputId} value={draft} maxLength={200} onChange={(event) => setDraft(event.target.value)} placeholder="e.g. needs-legal" />
          </div>
          <Button type="submit" variant="secondary" disabled={adding || draft.trim() === ''} aria-busy={adding}>
            {adding ? 'Adding…' : 'Add tag'}
          </Button>
        </form>
      ) : null}
      {message ? (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-sm text-red-700 dark:text-red-400' : 'text-sm text-emerald-700 dark:text-emerald-400'}>
          {message.text}
        </p>
      ) : null}
      <ActionDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove tag"
        confirmLabel="Remove tag"
        busyLabel="Removing…"
        run={async () => {
          const tag = removing!;
          changed((await reviewApi.removeTag(workflowId, tag)).tags);
          toast.success(`Tag “${tag}” removed upstream`);
          return `Tag “${tag}” removed upstream.`;
        }}
      >
        Remove the tag <strong><VisibleText text={removing ?? ''} /></strong> from this workflow in the Orchestration API? Other tools will no longer see it.
      </ActionDialog>
    </div>
  );
}
