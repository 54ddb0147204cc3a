'use client';

import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLatched } from '@/components/ui/use-latched';
import type { Role } from '@/lib/auth/roles';
import { useRememberRecent } from './recent-storage';
import {
  CONTEXT_USER_ATTRIBUTE,
  isEditableTarget,
  isPaletteKey,
  ROW_LINK_ATTRIBUTE,
  SEARCH_ATTRIBUTE,
  SEQUENCE_TIMEOUT_MS,
  type Shortcut,
} from './shortcuts';

// The dialogs come with their first opening, not with every page's first load; once opened they stay mounted, so
// closing one hands the focus back as the native <dialog> does.
const CommandPalette = dynamic(() => import('./command-palette').then((module) => module.CommandPalette), { ssr: false });
const GoToUserDialog = dynamic(() => import('./go-to-user-dialog').then((module) => module.GoToUserDialog), { ssr: false });
const HelpDialog = dynamic(() => import('./help-dialog').then((module) => module.HelpDialog), { ssr: false });

/** A screen whose rows are not all in the DOM (the virtualised list) moves its own selection. */
export interface RowNavigator {
  move: (delta: 1 | -1) => void;
}

interface ShortcutsContextValue {
  registerRowNavigator: (navigator: RowNavigator) => () => void;
  /** Moves the row selection as `j` / `k` do (the search bar's ArrowDown uses it to reach the first row). */
  moveRows: (delta: 1 | -1) => void;
  openHelp: () => void;
  openPalette: () => void;
  /** A screen's own keys, listed by "?" while the screen is mounted. */
  registerScreenShortcuts: (shortcuts: readonly Shortcut[]) => () => void;
}

const ShortcutsContext = createContext<ShortcutsContextValue | null>(null);

export function useShortcuts(): ShortcutsContextValue {
  const value = useContext(ShortcutsContext);
  if (!value) throw new Error('useShortcuts needs <ShortcutsProvider>');
  return value;
}

/** Registers the screen's row navigator while it is mounted. */
export function useRowNavigator(navigator: RowNavigator): void {
  const { registerRowNavigator } = useShortcuts();
  const latest = useRef(navigator);
  useEffect(() => {
    latest.current = navigator;
  });
  useEffect(() => registerRowNavigator({ move: (delta) => latest.current.move(delta) }), [registerRowNavigator]);
}

/** Lists the screen's own keys in the "?" help while it is mounted. */
export function useScreenShortcuts(shortcuts: readonly Shortcut[]): void {
  const { registerScreenShortcuts } = useShortcuts();
  useEffect(() => registerScreenShortcuts(shortcuts), [registerScreenShortcuts, shortcuts]);
}

/** j / k over every row link in the page, for screens whose rows are all rendered. */
function moveAmongRowLinks(delta: 1 | -1): void {
  const links = Array.from(document.querySelectorAll<HTMLElement>(`[${ROW_LINK_ATTRIBUTE}]`));
  if (links.length === 0) return;
  const current = links.indexOf(document.activeElement as HTMLElement);
  const next = current === -1 ? (delta === 1 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, current + delta));
  links[next]!.focus();
  links[next]!.scrollIntoView({ block: 'nearest' });
}

function contextUserId(): string | null {
  const focused = document.activeElement?.closest(`[${CONTEXT_USER_ATTRIBUTE}]`);
  const element = focused ?? document.querySelector(`[${CONTEXT_USER_ATTRIBUTE}]`);
  return element?.getAttribute(CONTEXT_USER_ATTRIBUTE) || null;
}

export function ShortcutsProvider({ role, children }: { role: Role; children: ReactNode }) {
  const router = useRouter();
  const [helpOpen, setHelpOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [userDialogOpen, setUserDialogOpen] = useState(false);
  const [screenShortcuts, setScreenShortcuts] = useState<readonly Shortcut[]>([]);
  const navigators = useRef<RowNavigator[]>([]);
  const pendingG = useRef(0);

  const registerRowNavigator = useCallback((navigator: RowNavigator) => {
    navigators.current.push(navigator);
    return () => {
      navigators.current = navigators.current.filter((n) => n !== navigator);
    };
  }, []);

  const registerScreenShortcuts = useCallback((shortcuts: readonly Shortcut[]) => {
    setScreenShortcuts(shortcuts);
    return () => setScreenShortcuts((current) => (current === shortcuts ? [] : current));
  }, []);

  const moveRows = useCallback((delta: 1 | -1) => {
    const navigator = navigators.current.at(-1);
    if (navigator) navigator.move(delta);
    else moveAmongRowLinks(delta);
  }, []);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isPaletteKey(event) && !event.defaultPrevented && !document.querySelector('dialog[open]')) {
        event.preventDefault();
        setPaletteOpen(true);
        return;
      }
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isEditableTarget(event.target)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      if (document.querySelector('dialog[open]')) return; // a modal owns the keyboard

      const sequence = pendingG.current > Date.now();
      pendingG.current = 0;
      if (sequence) {
        const target = { w: '/workflows', s: '/status' }[event.key];
        if (target) {
          event.preventDefault();
          router.push(target);
        } else if (event.key === 'u') {
          event.preventDefault();
          const userId = contextUserId();
          if (userId) router.push(`/users/${userId}`);
          else setUserDialogOpen(true);
        }
        return;
      }

      switch (event.key) {
        case '/': {
          const search = document.querySelector<HTMLElement>(`[${SEARCH_ATTRIBUTE}]`);
          if (!search) return;
          event.preventDefault();
          search.focus();
          return;
        }
        case '?':
          event.preventDefault();
          setHelpOpen(true);
          return;
        case 'g':
          pendingG.current = Date.now() + SEQUENCE_TIMEOUT_MS;
          return;
        case 'j':
        case 'k':
          event.preventDefault();
          moveRows(event.key === 'j' ? 1 : -1);
          return;
      }
    }
    document.addEventListener('keydown', onKeyDown);
    // Tests (and anyone curious) can tell when the keyboard works: after hydration, not at first paint.
    document.documentElement.dataset.shortcuts = 'ready';
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      delete document.documentElement.dataset.shortcuts;
    };
  }, [router, moveRows]);

  // Recent items for the palette are remembered on every screen, opened or not.
  useRememberRecent();
  const helpOpened = useLatched(helpOpen);
  const paletteOpened = useLatched(paletteOpen);
  const userDialogOpened = useLatched(userDialogOpen);

  const value = useMemo(
    () => ({
      registerRowNavigator,
      moveRows,
      openHelp: () => setHelpOpen(true),
      openPalette: () => setPaletteOpen(true),
      registerScreenShortcuts,
    }),
    [registerRowNavigator, moveRows, registerScreenShortcuts],
  );

  return (
    <ShortcutsContext value={value}>
      {children}
      {helpOpened ? <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} screenShortcuts={screenShortcuts} /> : null}
      {paletteOpened ? (
        <CommandPalette
          open={paletteOpen}
          onClose={() => setPaletteOpen(false)}
          role={role}
          onCommand={(command) => command === 'show-shortcuts' && setHelpOpen(true)}
        />
      ) : null}
      {userDialogOpened ? <GoToUserDialog open={userDialogOpen} onClose={() => setUserDialogOpen(false)} /> : null}
    </ShortcutsContext>
  );
}
