'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useEffect, useSyncExternalStore } from 'react';
import type { MediaGateView } from '@/lib/media/api';
import { isWorkflowId } from '@/lib/orchestrator/id-formats';
import { queryKeys } from '@/lib/queries/keys';
import { mediaQueries } from '@/lib/queries/media';

/**
 * The workflow a tile belongs to: given by the caller, else the `[id]` of the workflow screen it sits on. Without
 * one the gate has no scan evidence, so the tile shows no pixels at all.
 */
export function useGalleryWorkflowId(explicit: string | undefined): string | null {
  const params = useParams<{ id?: string | string[] }>();
  if (explicit !== undefined) return isWorkflowId(explicit) ? explicit : null;
  const id = params?.id;
  return typeof id === 'string' && isWorkflowId(id) ? id : null;
}

/** The live gates of a workflow's outputs (one request for all its tiles) and the reviewer's settings. */
export function useGallery(workflowId: string | null) {
  const gates = useQuery({ ...mediaQueries.gates(workflowId ?? ''), enabled: workflowId !== null });
  const preferences = useQuery(mediaQueries.preferences());
  return { gates, preferences: preferences.data ?? null };
}

// One shared one-second clock for every countdown on the screen.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
// The time of the last tick, in ms: stable between ticks, as useSyncExternalStore needs.
let tickedAt = 0;

function subscribeClock(listener: () => void): () => void {
  listeners.add(listener);
  // A new countdown reads a fresh time (React re-reads the snapshot after subscribing), never one up to a second old.
  tickedAt = Date.now();
  if (timer === undefined) {
    timer = setInterval(() => {
      tickedAt = Date.now();
      listeners.forEach((notify) => notify());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const noSubscription = () => () => {};
const noClock = () => 0;
const clockSnapshot = () => (timer === undefined ? Date.now() : tickedAt);

/** The time in ms, ticking once a second while `ticking` (0 otherwise): countdowns and "reviewing for 2 min". */
export function useClock(ticking: boolean): number {
  return useSyncExternalStore(ticking ? subscribeClock : noSubscription, ticking ? clockSnapshot : noClock, ticking ? clockSnapshot : noClock);
}

/** Seconds until `until` (ISO), ticking once a second; null when there is no deadline. */
export function useSecondsLeft(until: string | null): number | null {
  const now = useClock(until !== null);
  if (until === null) return null;
  return Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
}

/**
 * Whether this reviewer may look at the full bytes now (tier 0, or a reveal that has not run out) and how long the
 * reveal has left. When it runs out the pixels go at once and the gates are read again from the server.
 */
export function useRevealState(workflowId: string | null, gate: MediaGateView | null) {
  const queryClient = useQueryClient();
  const secondsLeft = useSecondsLeft(gate?.revealedUntil ?? null);
  const expired = secondsLeft === 0;
  useEffect(() => {
    if (expired && workflowId !== null) void queryClient.invalidateQueries({ queryKey: queryKeys.mediaGates(workflowId) });
  }, [expired, queryClient, workflowId]);
  const fullBytes = gate !== null && gate.available && (gate.fullBytesWithoutGrant || (secondsLeft ?? 0) > 0);
  return { fullBytes, secondsLeft: gate?.fullBytesWithoutGrant ? null : secondsLeft };
}
