'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { signInPath } from '@/lib/auth/next-path';
import type { ReviewClaim } from '@/lib/review/api-types';
import type { LiveCounts, LivePoll } from '@/lib/review/live';
import type { IndexedListItem } from '@/lib/risk-index/list';

/**
 * The tab's one live channel (GET /api/live): the header's count, and the new items of whichever queue or
 * risk-filtered list the tab has open. While a screen follows a scope it is a server-sent events stream, resuming
 * from the point the screen's own data was read at, so nothing indexed in between is missed; after three failed
 * connections in a row (a proxy that buffers, a browser without EventSource) it polls instead. Other screens only
 * need the count: a short request every 15 s, so no page holds a connection open that it does not need. Every answer
 * carries presence (who is reviewing what); a screen that shows it live without following a scope (a workflow page)
 * asks for it with `usePresence()`, which keeps a stream open for presence alone.
 */

const POLL_MS = 5_000;
const COUNTS_POLL_MS = 15_000;
const FAILURES_BEFORE_POLLING = 3;

export type LiveMode = 'connecting' | 'live' | 'polling' | 'off';

type Scope = { query: string; after: string | null; onItems: (items: IndexedListItem[]) => void };

interface LiveContextValue {
  counts: LiveCounts | null;
  claims: ReviewClaim[] | null;
  mode: LiveMode;
  follow: (scope: Scope | null) => void;
  /** A screen showing presence live: returns the function that says it no longer does. */
  watchPresence: () => () => void;
}

const LiveContext = createContext<LiveContextValue>({ counts: null, claims: null, mode: 'off', follow: () => {}, watchPresence: () => () => {} });

export function LiveChannel({ withCounts, children }: { withCounts: boolean; children: ReactNode }) {
  const [counts, setCounts] = useState<LiveCounts | null>(null);
  const [claims, setClaims] = useState<ReviewClaim[] | null>(null);
  const [mode, setMode] = useState<LiveMode>(withCounts ? 'connecting' : 'off');
  const [scope, setScope] = useState<Scope | null>(null);
  const [presenceWatchers, setPresenceWatchers] = useState(0);
  const presence = presenceWatchers > 0;
  const onItems = useRef<Scope['onItems']>(() => {});
  useEffect(() => {
    onItems.current = scope?.onItems ?? (() => {});
  }, [scope]);
  const query = scope?.query ?? null;
  const after = scope?.after ?? null;

  useEffect(() => {
    if (query === null && !withCounts && !presence) return;
    let cursor = after;
    let stopped = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const url = (extra: Record<string, string>) => {
      const params = new URLSearchParams(query ?? '');
      for (const [key, value] of Object.entries(extra)) params.set(key, value);
      return `/api/live?${params}`;
    };
    const poll = async () => {
      try {
        const response = await fetch(url({ poll: '1', ...(cursor ? { after: cursor } : {}) }), { headers: { accept: 'application/json' } });
        // The session ended elsewhere (signed out everywhere, disabled, role changed): say so now, not at the next click.
        if (response.status === 401) return window.location.assign(signInPath(`${location.pathname}${location.search}`, 'expired'));
        if (response.status === 403) return setMode('off');
        if (response.ok) {
          const answer = (await response.json()) as LivePoll;
          cursor = answer.cursor;
          if (answer.items.length) onItems.current(answer.items);
          setCounts(answer.counts);
          setClaims(answer.claims);
        }
      } catch {
        // Offline for a moment: the next poll tries again.
      }
      if (!stopped) timer = setTimeout(() => void poll(), query === null && !presence ? COUNTS_POLL_MS : POLL_MS);
    };
    const startPolling = () => {
      source?.close();
      setMode('polling');
      void poll();
    };
    if ((query === null && !presence) || typeof EventSource === 'undefined') startPolling();
    else {
      let failures = 0;
      source = new EventSource(url({ ...(cursor ? { after: cursor } : {}), ...(query === null ? { presence: '1' } : {}) }));
      source.addEventListener('open', () => {
        failures = 0;
        setMode('live');
      });
      source.addEventListener('items', (event) => {
        cursor = event.lastEventId || cursor;
        onItems.current((JSON.parse(event.data) as { items: IndexedListItem[] }).items);
      });
      source.addEventListener('counts', (event) => {
        cursor = event.lastEventId || cursor;
        setCounts(JSON.parse(event.data) as LiveCounts);
      });
      source.addEventListener('claims', (event) => {
        setClaims((JSON.parse(event.data) as { claims: ReviewClaim[] }).claims);
      });
      source.addEventListener('error', () => {
        failures += 1;
        // The browser reconnects by itself (Last-Event-ID); a stream that keeps failing, or was refused, polls instead.
        if (failures >= FAILURES_BEFORE_POLLING || source?.readyState === EventSource.CLOSED) startPolling();
      });
    }
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(timer);
    };
  }, [query, after, withCounts, presence]);

  const follow = useCallback((next: Scope | null) => setScope(next), []);
  const watchPresence = useCallback(() => {
    setPresenceWatchers((watching) => watching + 1);
    return () => setPresenceWatchers((watching) => watching - 1);
  }, []);
  const value = useMemo(() => ({ counts, claims, mode, follow, watchPresence }), [counts, claims, mode, follow, watchPresence]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveCounts(): { counts: LiveCounts | null; mode: LiveMode } {
  const { counts, mode } = useContext(LiveContext);
  return { counts, mode };
}

/** Who is reviewing what, live (null until the channel first answered); keeps the channel streaming while used. */
export function usePresence(): ReviewClaim[] | null {
  const { claims, watchPresence } = useContext(LiveContext);
  useEffect(() => watchPresence(), [watchPresence]);
  return claims;
}

/**
 * New items of a scope (`query`: the queue's or list's query string; null follows nothing) since `after`, collected
 * until the screen takes them with `take()`, so what the moderator is looking at never moves by itself.
 */
export function useLiveItems(query: string | null, after: string | null): { items: IndexedListItem[]; take: () => IndexedListItem[]; mode: LiveMode } {
  const { follow, mode } = useContext(LiveContext);
  // Held per scope: items of a scope the screen has left are dropped, not shown under the next one.
  const key = query === null ? null : `${query}\n${after ?? ''}`;
  const [held, setHeld] = useState<{ key: string | null; items: IndexedListItem[] }>({ key: null, items: [] });
  const items = useMemo(() => (held.key === key ? held.items : []), [held, key]);
  useEffect(() => {
    if (query === null) return;
    const add = (fresh: IndexedListItem[]) =>
      setHeld((previous) => {
        const latest = new Map((previous.key === key ? previous.items : []).map((item) => [item.id, item]));
        for (const item of fresh) latest.set(item.id, item);
        return { key, items: [...latest.values()] };
      });
    follow({ query, after, onItems: add });
    return () => follow(null);
  }, [query, after, key, follow]);
  const take = useCallback(() => {
    setHeld({ key, items: [] });
    return items;
  }, [items, key]);
  return { items, take, mode };
}
