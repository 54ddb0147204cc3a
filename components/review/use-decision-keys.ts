'use client';

import { useEffect, useRef } from 'react';
import { isEditableTarget } from '@/components/keyboard/shortcuts';

/**
 * The review keys (`1` OK, `2` flag, `3` escalate, and whatever else a screen adds) on the whole document: never
 * while typing, with a modifier held, or while a dialog is open (the dialog owns the keys then).
 *
 * `enabled: 'later'` (the queue while its claim on the item is on its way): the last key pressed is kept and run when
 * the keys are enabled again for the same `scope` (the item), and dropped if they are disabled or the scope changes.
 */
export function useDecisionKeys(actions: Readonly<Record<string, () => void>>, enabled: boolean | 'later' = true, scope = ''): void {
  const kept = useRef<{ scope: string; key: string } | null>(null);
  useEffect(() => {
    const key = kept.current;
    if (!key || enabled === 'later') return;
    kept.current = null;
    if (enabled && key.scope === scope) actions[key.key]?.();
  }, [actions, enabled, scope]);

  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isEditableTarget(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const run = actions[event.key];
      if (!run) return;
      event.preventDefault();
      if (enabled === 'later') kept.current = { scope, key: event.key };
      else run();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [actions, enabled, scope]);
}
