'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, describeFailure } from '@/lib/queries/api-error';
import { reviewApi } from '@/lib/queries/review';
import type { ReviewClaim } from '@/lib/review/api-types';

export type ClaimState =
  | { status: 'none' }
  | { status: 'claiming' }
  | { status: 'held'; claim: ReviewClaim }
  /** Another reviewer holds it (the server's 409 names them). */
  | { status: 'taken'; message: string }
  | { status: 'failed'; message: string };

/** A renewal never waits less than this, however short the claim (tests configure a minute). */
const MIN_RENEW_MS = 10_000;

/**
 * The claim on the workflow a screen shows: made as it opens when `claimOnOpen` (the queue), or by a senior's
 * take-over (the workflow page); renewed at half its remaining life while the screen shows it; released when the
 * screen moves on or the tab closes, unless a decision ended it on the server (`handOver`). `onTaken` hears a 409:
 * another reviewer holds it.
 */
export function useClaim(
  workflowId: string | null,
  options: { claimOnOpen: boolean; onTaken?: (workflowId: string) => void; /** Refuse what a colleague decided since. */ undecidedSince?: string },
) {
  const { claimOnOpen, onTaken, undecidedSince } = options;
  const [state, setState] = useState<{ workflowId: string | null; claim: ClaimState }>({ workflowId: null, claim: { status: 'none' } });
  const shown = useRef(workflowId);
  const handedOver = useRef(false);
  const takenListener = useRef(onTaken);
  useEffect(() => {
    shown.current = workflowId;
    takenListener.current = onTaken;
  }, [workflowId, onTaken]);

  const request = useCallback(
    (id: string, how: { renew?: boolean; takeOver?: boolean; undecidedSince?: string }): Promise<ClaimState> =>
      reviewApi.claim(id, how).then(
        ({ claim }) => ({ status: 'held', claim }),
        (error: unknown) => ({ status: error instanceof ApiError && error.status === 409 ? 'taken' : 'failed', message: describeFailure(error).title }),
      ),
    [],
  );
  const settle = useCallback((id: string, next: ClaimState) => {
    // The screen moved on while the claim was made: give it back at once.
    if (shown.current !== id) {
      if (next.status === 'held') void reviewApi.release(id).catch(() => {});
      return;
    }
    setState({ workflowId: id, claim: next });
    if (next.status === 'taken') takenListener.current?.(id);
  }, []);
  const acquire = useCallback(
    (id: string, how: { renew?: boolean; takeOver?: boolean }) => void request(id, how).then((next) => settle(id, next)),
    [request, settle],
  );

  useEffect(() => {
    if (!workflowId || !claimOnOpen) return;
    handedOver.current = false;
    void request(workflowId, { undecidedSince }).then((next) => settle(workflowId, next));
  }, [workflowId, claimOnOpen, request, settle, undecidedSince]);

  const claim: ClaimState = state.workflowId === workflowId ? state.claim : { status: workflowId && claimOnOpen ? 'claiming' : 'none' };
  const held = claim.status === 'held' ? claim.claim : null;

  useEffect(() => {
    if (!held) return;
    const timer = setTimeout(() => acquire(held.workflowId, { renew: true }), Math.max(MIN_RENEW_MS, (Date.parse(held.until) - Date.now()) / 2));
    return () => clearTimeout(timer);
  }, [held, acquire]);

  const heldId = held?.workflowId ?? null;
  useEffect(() => {
    if (!heldId) return;
    const release = () => {
      if (!handedOver.current) void reviewApi.release(heldId).catch(() => {});
    };
    window.addEventListener('pagehide', release);
    return () => {
      window.removeEventListener('pagehide', release);
      release();
    };
  }, [heldId]);

  const takeOver = useCallback(() => {
    if (workflowId) acquire(workflowId, { takeOver: true });
  }, [acquire, workflowId]);
  /** A decision was sent: the server ends the claim when it records it, so leaving must not release it first. */
  const handOver = useCallback(() => {
    handedOver.current = true;
  }, []);
  return { claim, takeOver, handOver };
}
