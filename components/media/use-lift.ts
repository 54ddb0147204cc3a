'use client';

import { useCallback, useSyncExternalStore } from 'react';

/**
 * Which revealed hard-gated outputs the reviewer has lifted the veil from, on this page: one shared set, so lifting
 * a tile also lifts it in the viewer. Never stored: a new page (or a new reveal after reload) starts veiled again.
 */
const lifted = new Set<string>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLift(blobId: string): { lifted: boolean; lift: () => void } {
  const isLifted = useSyncExternalStore(
    subscribe,
    () => lifted.has(blobId),
    () => false,
  );
  const lift = useCallback(() => {
    lifted.add(blobId);
    listeners.forEach((notify) => notify());
  }, [blobId]);
  return { lifted: isLifted, lift };
}
