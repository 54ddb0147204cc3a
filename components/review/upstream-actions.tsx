'use client';

import { Ban, Download, FlaskConical } from 'lucide-react';
import { useId, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { Button, buttonVariants } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { useGallery } from '@/components/media/use-gates';
import { evidenceHref, reviewApi } from '@/lib/queries/review';
import { useWorkflowChanged } from '@/lib/queries/use-workflow-changed';
import { shortId } from '@/lib/orchestrator/short-id';
import { ActionDialog } from './action-dialog';

/**
 * Cancel a running workflow upstream (senior). Stays mounted once the workflow has ended (disabled), so the
 * dialog can still say how the cancel went after the workflow screen refreshes to "canceled".
 */
export function CancelWorkflowButton({ workflowId, running }: { workflowId: string; running: boolean }) {
  const workflowChanged = useWorkflowChanged();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="danger"
        size="sm"
        onClick={() => setOpen(true)}
        disabled={!running}
        title={running ? undefined : 'Only a workflow that is still running can be canceled.'}
      >
        <Ban aria-hidden className="size-4" /> Cancel workflow
      </Button>
      <ActionDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Cancel this workflow"
        confirmLabel="Cancel workflow"
        busyLabel="Cancelling…"
        danger
        reason={{ label: 'Reason (recorded in the audit log)', required: false, maxLength: 2000 }}
        run={async (reason) => {
          await reviewApi.cancel(workflowId, reason || null);
          workflowChanged(workflowId);
          toast.success(`Workflow ${shortId(workflowId)} canceled upstream`);
          return 'The workflow was canceled upstream. Its unfinished steps and jobs stop.';
        }}
      >
        The Orchestration API stops the workflow&apos;s unfinished steps and jobs. This cannot be undone.
      </ActionDialog>
    </>
  );
}

/** Taint one job upstream with a reason (senior). */
export function TaintJobButton({ jobId, workflowId }: { jobId: string; workflowId: string }) {
  const workflowChanged = useWorkflowChanged();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Taint job ${jobId}`}>
        <FlaskConical aria-hidden className="size-4" /> Taint
      </Button>
      <ActionDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Taint this job"
        confirmLabel="Taint job"
        busyLabel="Tainting…"
        danger
        reason={{ label: 'Reason (sent to the Orchestration API)', required: true, maxLength: 1000 }}
        run={async (reason) => {
          await reviewApi.taint(jobId, reason, workflowId);
          workflowChanged(workflowId, jobId);
          toast.success(`Job ${shortId(jobId)} tainted upstream`);
          return 'The job was tainted upstream with your reason.';
        }}
      >
        <span className="font-mono text-xs break-all">{jobId}</span> is marked tainted in the Orchestration API, with the reason you give.
      </ActionDialog>
    </>
  );
}

/**
 * Download the workflow's evidence package (senior): the export is audited before the first byte. When an output is
 * hard-gated (tier 3 for this senior, from the gates the tiles use) a reason is asked for, since each such original
 * leaves as an audited reveal; originals can be left out (documents, scans and hashes only).
 */
export function EvidenceDownload({ workflowId }: { workflowId: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [leaveOriginalsOut, setLeaveOriginalsOut] = useState(false);
  const reasonId = useId();
  const { gates } = useGallery(open ? workflowId : null);
  const hardGated = gates.data?.gates.filter((gate) => gate.tier === 3) ?? [];
  const minReasonLength = hardGated[0]?.minReasonLength ?? 0;
  const reasonMissing = hardGated.length > 0 && reason.trim().length < minReasonLength;
  const ready = gates.isSuccess && !reasonMissing;
  const href = evidenceHref(workflowId, { reason: reason.trim() || null, originals: leaveOriginalsOut ? 'none' : 'all' });
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        <Download aria-hidden className="size-4" /> Evidence package
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Export evidence">
        <div className="space-y-4 text-sm">
          <p>
            A zip with the workflow as received, each job&apos;s detail and scan context, the prompts, the decision history, the original media
            (gated media included) and a manifest of sha256 hashes naming you, the time and your reason. The export is recorded in the audit
            log. Handle it as evidence.
          </p>
          {hardGated.length > 0 ? (
            <p role="note" className="rounded-md border border-red-300 bg-red-50 p-2 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
              {hardGated.length} output{hardGated.length === 1 ? ' is' : 's are'} hard-gated. Each original included is recorded as your reveal,
              with this reason.
            </p>
          ) : null}
          <div className="space-y-1">
            <Label htmlFor={reasonId}>
              Reason {hardGated.length > 0 ? `(required, at least ${minReasonLength} characters)` : '(optional)'}
            </Label>
            <Input
              id={reasonId}
              value={reason}
              maxLength={2000}
              aria-invalid={reasonMissing && reason.length > 0}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <Checkbox
            label="Leave the originals out (documents, scans and hashes only)"
            checked={leaveOriginalsOut}
            onChange={(event) => setLeaveOriginalsOut(event.target.checked)}
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Back
            </Button>
            {/* A plain download: the browser shows its progress, and the server streams the zip. */}
            {ready ? (
              <a href={href} download onClick={() => setOpen(false)} className={buttonVariants({ variant: 'primary' })}>
                Download evidence (zip)
              </a>
            ) : (
              <Button variant="primary" disabled>
                Download evidence (zip)
              </Button>
            )}
          </div>
        </div>
      </Dialog>
    </>
  );
}
