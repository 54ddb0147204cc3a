'use client';

import { useEffect } from 'react';
import { isEditableTarget } from '@/components/keyboard/shortcuts';

/**
 * The review keys (`1` OK, `2` flag, `3` escalate, and whatever else a screen adds) on the whole document: never
 * while typing, with a modifier held, or while a dialog is open (the dialog owns the keys then).
 */
export function useDecisionKeys(actions: Readonly<Record<string, () => void>>, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isEditableTarget(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const run = actions[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [actions, enabled]);
}
