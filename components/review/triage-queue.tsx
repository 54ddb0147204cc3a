'use client';

import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { ScoreBandBadge } from '@/components/jobs/score-band-badge';
import { QUEUE_SHORTCUTS } from '@/components/keyboard/shortcuts';
import { useRowNavigator, useScreenShortcuts } from '@/components/keyboard/shortcuts-provider';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Disclosure } from '@/components/ui/disclosure';
import { Kbd } from '@/components/ui/kbd';
import { usePresence } from '@/components/live/live-channel';
import { NewItemsBar } from '@/components/live/new-items-bar';
import { Muted } from '@/components/ui/muted';
import { EmptyState, ErrorState, PartialNotice } from '@/components/ui/states';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { PromptBlock } from '@/components/workflows/recipe-view';
import { StatusBadge } from '@/components/workflows/status-badge';
import type { Role } from '@/lib/auth/roles';
import type { WorkflowEvidence } from '@/lib/moderation/workflow-evidence';
import { describeFailure } from '@/lib/queries/api-error';
import { mediaQueries } from '@/lib/queries/media';
import { workflowQueries } from '@/lib/queries/workflows';
import type { DecisionResponse, MirrorResult } from '@/lib/review/api-types';
import { reviewQueries, seenReview, type DecisionInput } from '@/lib/queries/review';
import { DECISION_LABELS, type DecisionKind } from '@/lib/review/decision';
import { UNDO_WINDOW_MS, type DecisionRecord } from '@/lib/review/history';
import { describeProgress, nextAfterDecision, stepOver } from '@/lib/review/queue';
import type { ReasonCode } from '@/lib/review/reason-codes';
import { workflowVersion } from '@/lib/review/workflow-version';
import { useConfirmedOk } from './confirm-ok';
import { ConflictDialog } from './conflict-dialog';
import { DecisionControls } from './decision-controls';
import { ModerationGateBlock } from './moderation-gate';
import { QueueMedia, type QueueMediaHandle } from './queue-media';
import { useVerdict } from './reason-picker';
import { ClaimLine } from './claim-notice';
import { useClaim, type ClaimState } from './use-claim';
import { ReviewState } from './review-state';
import { SyncStatus } from './sync-status';
import { useDecide } from './use-decide';
import { useDecisionKeys } from './use-decision-keys';
import { useLiveQueue } from './use-live-queue';
import { WorkflowActions } from './workflow-actions';

/** Items read ahead of the current one, so the next item renders from memory the moment a decision moves on. */
const READ_AHEAD = 3;

type SessionEntry =
  | { status: 'saving'; kind: DecisionKind }
  | { status: 'recorded'; kind: DecisionKind; decision: DecisionRecord; sync: MirrorResult | null }
  | { status: 'conflict'; kind: DecisionKind }
  | { status: 'failed'; kind: DecisionKind; message: string }
  | { status: 'undone'; kind: DecisionKind };

type LastDecision = { workflowId: string; at: number; result: Promise<DecisionResponse | null> };

/**
 * The triage queue: one workflow at a time, full width, worked by keyboard. A decision is sent and the queue moves on
 * at once; the session list shows whether each decision was stored and synced, with a retry when it was not, and a
 * conflict opens a dialog naming the other moderator's decision. The item in view is claimed for this moderator, so
 * colleagues on the same queue pass over it (and this queue over theirs).
 */
export function TriageQueue({ search, reasonCodes, role, userId }: { search: string; reasonCodes: readonly ReasonCode[]; role: Role; userId: string }) {
  const queryClient = useQueryClient();
  const queue = useQuery(reviewQueries.queue(search));
  const items = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const [index, setIndex] = useState(0);
  const [session, setSession] = useState<ReadonlyMap<string, SessionEntry>>(new Map());
  const [notice, setNotice] = useState<string | null>(null);
  const lastDecision = useRef<LastDecision | null>(null);
  const media = useRef<QueueMediaHandle>(null);

  const current = items[index];
  const live = useLiveQueue(search, queue.data, index);
  // Items someone else holds (live presence, or a claim refused with 409): the queue passes over them.
  const presence = usePresence();
  const [taken, setTaken] = useState<ReadonlySet<string>>(new Set());
  const heldByOthers = useMemo(() => {
    const others = new Set((presence ?? []).filter((claim) => claim.by.id !== userId).map((claim) => claim.workflowId));
    return items.map((item) => others.has(item.workflowId) || taken.has(item.workflowId));
  }, [items, presence, taken, userId]);
  const onTaken = useCallback(
    (workflowId: string) => {
      setTaken((previous) => new Set(previous).add(workflowId));
      const blocked = items.map((item, at) => heldByOthers[at] || item.workflowId === workflowId);
      setIndex((at) => (items[at]?.workflowId === workflowId ? stepOver(at, 1, blocked) : at));
    },
    [heldByOthers, items],
  );
  const { claim: ownClaim, handOver } = useClaim(current?.workflowId ?? null, { claimOnOpen: true, onTaken, undecidedSince: queue.data?.collectedAt });
  // A senior took the item in view over: it is theirs now, read-only here (presence says so before any renewal).
  const takenOver = presence?.find((held) => held.workflowId === current?.workflowId && held.by.id !== userId);
  const claim: ClaimState = takenOver && ownClaim.status === 'held' ? { status: 'taken', message: `${takenOver.by.name} took this item over.` } : ownClaim;
  const detail = useQuery({ ...workflowQueries.detail(current?.workflowId ?? ''), enabled: current !== undefined });
  useQuery({ ...reviewQueries.state(current?.workflowId ?? ''), enabled: current !== undefined });

  useEffect(() => {
    for (const item of items.slice(index + 1, index + 1 + READ_AHEAD)) {
      void queryClient.prefetchQuery(workflowQueries.detail(item.workflowId));
      void queryClient.prefetchQuery(reviewQueries.state(item.workflowId));
      void queryClient.prefetchQuery(mediaQueries.gates(item.workflowId));
    }
  }, [index, items, queryClient]);

  const setEntry = useCallback((workflowId: string, entry: SessionEntry) => {
    setSession((previous) => new Map(previous).set(workflowId, entry));
  }, []);

  const onResponse = useCallback(
    (input: DecisionInput, response: DecisionResponse) => {
      setEntry(
        input.workflowId,
        response.outcome === 'recorded'
          ? { status: 'recorded', kind: input.kind, decision: response.decision, sync: response.sync }
          : { status: 'conflict', kind: input.kind },
      );
    },
    [setEntry],
  );
  // An undo (the `u` key or a toast's Undo) puts the item back in the queue, at its place.
  const onUndone = useCallback(
    (decision: DecisionRecord) => {
      setEntry(decision.workflowId, { status: 'undone', kind: decision.kind ?? 'ok' });
      const back = items.findIndex((item) => item.workflowId === decision.workflowId);
      if (back >= 0) setIndex(back);
    },
    [items, setEntry],
  );
  const { decide, undo, conflict, overwriting, keep, overwrite } = useDecide(onResponse, onUndone);

  const move = useCallback((delta: 1 | -1) => setIndex((at) => stepOver(at, delta, heldByOthers)), [heldByOthers]);
  useRowNavigator({ move });
  useScreenShortcuts(QUEUE_SHORTCUTS);

  const decideCurrent = useCallback(
    async (kind: DecisionKind, reasonCode: string | null = null, note: string | null = null) => {
      const drillDown = detail.data;
      if (!current || !drillDown) return;
      const workflowId = current.workflowId;
      setNotice(null);
      setEntry(workflowId, { status: 'saving', kind });
      // The server ends the claim with the decision; leaving the item must not release it before the decision lands.
      handOver();
      // Move on at once: the decision is sent in the background and its outcome lands in the session list.
      const decided = items.map(
        (item, at) => item.workflowId === workflowId || heldByOthers[at] || (session.get(item.workflowId)?.status ?? 'undone') !== 'undone',
      );
      setIndex(nextAfterDecision(index, decided));
      const result = (async () => {
        try {
          const review = await seenReview(queryClient, workflowId);
          return await decide({
            workflowId,
            kind,
            reasonCode,
            note,
            expectedVersion: review.decision?.version ?? 0,
            workflowVersionSeen: workflowVersion(drillDown.workflow),
          });
        } catch (error) {
          setEntry(workflowId, { status: 'failed', kind, message: describeFailure(error).title });
          return null;
        }
      })();
      lastDecision.current = { workflowId, at: Date.now(), result };
    },
    [current, decide, detail.data, handOver, heldByOthers, index, items, queryClient, session, setEntry],
  );

  const undoLast = useCallback(async () => {
    const last = lastDecision.current;
    if (!last || Date.now() - last.at > UNDO_WINDOW_MS) {
      setNotice(`Nothing to undo: a decision can be undone within ${UNDO_WINDOW_MS / 1000} seconds.`);
      return;
    }
    lastDecision.current = null;
    const response = await last.result;
    if (response?.outcome !== 'recorded') {
      setNotice('The last decision was not recorded, so there is nothing to undo.');
      return;
    }
    try {
      const undone = await undo(response.decision);
      setNotice(undone.outcome === 'refused' ? undone.message : `Undone: ${last.workflowId} is back to what it was before.`);
    } catch (error) {
      setNotice(describeFailure(error).title);
    }
  }, [undo]);

  const verdict = useVerdict(reasonCodes, (kind, reasonCode, note) => void decideCurrent(kind, reasonCode, note));
  const chooseVerdict = verdict.choose;

  // OK on a workflow with an output near or above asks first, naming the worst score. The gates are read ahead as
  // a rule, and fetched here when a fast key beat the read-ahead.
  const currentId = current?.workflowId ?? '';
  const readGates = useCallback(
    async () => (await queryClient.ensureQueryData(mediaQueries.gates(currentId))).gates,
    [currentId, queryClient],
  );
  const decideOk = useCallback(() => void decideCurrent('ok'), [decideCurrent]);
  const { chooseOk, dialog: confirmOk } = useConfirmedOk(readGates, decideOk, setNotice);

  const keys = useMemo(
    () => ({
      '1': () => void chooseOk(),
      '2': () => chooseVerdict('flagged'),
      '3': () => chooseVerdict('escalated'),
      u: () => void undoLast(),
      r: () => {
        if (!media.current?.revealNext()) setNotice('Nothing to reveal on this item.');
      },
    }),
    [chooseOk, chooseVerdict, undoLast],
  );
  // Decided only by whoever holds it; a failed claim (the claim route unreachable) does not stop the queue. A key
  // pressed while the claim is on its way runs once it is held.
  useDecisionKeys(keys, claim.status === 'held' || claim.status === 'failed' ? true : claim.status === 'claiming' ? 'later' : false, currentId);

  if (queue.isPending) return <Muted size="sm">Collecting the queue…</Muted>;
  if (queue.error) {
    return (
      <ErrorState title={describeFailure(queue.error).title} action={<Button onClick={() => void queue.refetch()}>Try again</Button>}>
        The queue could not be collected.
      </ErrorState>
    );
  }
  const { data } = queue;
  const recordedToday = [...session.values()].filter((entry) => entry.status === 'recorded').length;
  const progress = describeProgress(index, items.length, data.decidedToday + recordedToday);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium" data-testid="queue-progress" aria-live="polite">
          {data.label}: {progress}
        </p>
        <Muted size="xs" className="flex flex-wrap items-center gap-x-3 gap-y-1">
          {QUEUE_SHORTCUTS.map((shortcut) => (
            <span key={shortcut.action} className="inline-flex items-center gap-1">
              <Kbd>{shortcut.keys.join(' ')}</Kbd> {shortcut.hint}
            </span>
          ))}
        </Muted>
      </div>
      <NewItemsBar count={live.count} what="item" onShow={live.show} />
      {data.truncated ? <PartialNotice>The queue holds the first {items.length} items; decide them and reload for more.</PartialNotice> : null}
      {data.unchecked ? (
        <PartialNotice>{data.unchecked} workflows could not be checked (scan lookups failed); they are in the queue, since unknown is never safe.</PartialNotice>
      ) : null}
      {notice ? (
        <p role="status" className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">
          {notice}
        </p>
      ) : null}
      {current ? (
        <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_22rem]">
          <QueueItemView
            key={current.workflowId}
            workflowId={current.workflowId}
            detail={detail}
            media={media}
            reasonCodes={reasonCodes}
            role={role}
            claim={claim}
            onChoose={(kind) => (kind === 'ok' ? void chooseOk() : chooseVerdict(kind))}
          />
          <SessionList session={session} reasonCodes={reasonCodes} onSynced={(workflowId, entry) => setEntry(workflowId, entry)} />
        </div>
      ) : (
        <EmptyState title="Nothing in this queue">No workflow matches right now. Try another preset, or open a search from the workflows screen as a queue.</EmptyState>
      )}
      {verdict.picker}
      {confirmOk}
      <ConflictDialog conflict={conflict} reasonCodes={reasonCodes} busy={overwriting} onKeep={keep} onOverwrite={() => void overwrite()} />
    </div>
  );
}

function QueueItemView({
  workflowId,
  detail,
  media,
  reasonCodes,
  role,
  claim,
  onChoose,
}: {
  workflowId: string;
  detail: UseQueryResult<WorkflowEvidence>;
  media: RefObject<QueueMediaHandle | null>;
  reasonCodes: readonly ReasonCode[];
  role: Role;
  claim: ClaimState;
  onChoose: (kind: DecisionKind) => void;
}) {
  if (detail.isPending) return <Muted size="sm">Loading {workflowId}…</Muted>;
  if (detail.error) {
    return (
      <ErrorState title={describeFailure(detail.error).title} action={<Button onClick={() => void detail.refetch()}>Try again</Button>}>
        Workflow <span className="font-mono">{workflowId}</span> could not be read. Press <Kbd>j</Kbd> to skip it.
      </ErrorState>
    );
  }
  const { workflow, partial } = detail.data;
  const band = detail.data.risk.worstBand;
  return (
    <Card className="space-y-4" data-queue-item={workflow.id} data-loaded="true">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-mono text-base font-semibold break-all">
          <Link href={`/workflows/${encodeURIComponent(workflow.id)}`} className="hover:underline">
            {workflow.id}
          </Link>
        </h2>
        <StatusBadge status={workflow.status} />
        {band ? <ScoreBandBadge band={band} /> : null}
        {partial ? <Badge tone="warning">partial answer</Badge> : null}
        <Muted as="span" size="xs">
          <UtcTime value={workflow.createdAt} /> · {workflow.jobCount} jobs · {workflow.media.length} outputs
        </Muted>
      </div>
      <ClaimLine claim={claim} />
      <PromptBlock label="Prompt" text={workflow.params.prompt} />
      {workflow.params.negativePrompt ? <PromptBlock label="Negative prompt" text={workflow.params.negativePrompt} /> : null}
      <QueueMedia ref={media} workflowId={workflow.id} />
      <ReviewState workflowId={workflow.id} reasonCodes={reasonCodes} />
      <ModerationGateBlock key={workflow.id} workflow={workflow} role={role} />
      <DecisionControls onChoose={onChoose} disabled={claim.status === 'claiming' || claim.status === 'taken'} showKeys />
      <Disclosure summary="Tags and upstream actions">
        <WorkflowActions workflow={workflow} role={role} />
      </Disclosure>
    </Card>
  );
}

function SessionList({
  session,
  reasonCodes,
  onSynced,
}: {
  session: ReadonlyMap<string, SessionEntry>;
  reasonCodes: readonly ReasonCode[];
  onSynced: (workflowId: string, entry: SessionEntry) => void;
}) {
  const entries = [...session.entries()].reverse();
  return (
    <Card className="space-y-2 self-start" aria-labelledby="queue-session-title">
      <h2 id="queue-session-title" className="text-sm font-semibold">
        This session
      </h2>
      {entries.length === 0 ? <Muted size="xs">Decisions you make here are listed with their sync state.</Muted> : null}
      <ol className="space-y-2 text-xs" data-testid="queue-session">
        {entries.map(([workflowId, entry]) => (
          <li key={workflowId} data-session-workflow={workflowId} data-session-status={entry.status} className="space-y-1">
            <div className="flex flex-wrap items-center gap-1">
              <span className="font-mono break-all">{workflowId}</span>
              <Badge>{DECISION_LABELS[entry.kind]}</Badge>
              {entry.status === 'saving' ? <span>saving…</span> : null}
              {entry.status === 'conflict' ? <Badge tone="warning">someone decided first</Badge> : null}
              {entry.status === 'undone' ? <Badge>undone</Badge> : null}
              {entry.status === 'recorded' && entry.decision.reasonCode ? (
                <span>({reasonCodes.find((reason) => reason.code === entry.decision.reasonCode)?.label ?? entry.decision.reasonCode})</span>
              ) : null}
            </div>
            {entry.status === 'failed' ? <p role="alert" className="text-red-700 dark:text-red-400"><VisibleText text={entry.message} /></p> : null}
            {entry.status === 'recorded' ? (
              <SyncStatus workflowId={workflowId} sync={entry.sync} onSynced={(sync) => onSynced(workflowId, { ...entry, sync })} />
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
