import { UNDO_WINDOW_MS } from '@/lib/review/history';

export interface Shortcut {
  /** Pressed one after the other; a chord (`Ctrl K`) is one key. */
  keys: readonly string[];
  action: string;
}

/** The one list of shortcuts: the handler and the help overlay both read it, so they cannot drift apart. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Ctrl K'], action: 'Go to an id, a screen or an action (⌘ K on a Mac)' },
  { keys: ['/'], action: 'Focus the search bar' },
  { keys: ['j'], action: 'Next row' },
  { keys: ['k'], action: 'Previous row' },
  { keys: ['Enter'], action: 'Open the focused row' },
  { keys: ['g', 'w'], action: 'Go to workflows' },
  { keys: ['g', 'u'], action: "Go to a user's risk overview" },
  { keys: ['g', 's'], action: 'Go to upstream status' },
  { keys: ['?'], action: 'Show this help' },
  { keys: ['Esc'], action: 'Leave a field or close a dialog' },
];

/** The triage queue's own keys (components/review/triage-queue.tsx): its hint line and the help overlay read them. */
export const QUEUE_SHORTCUTS: readonly (Shortcut & { hint: string })[] = [
  { keys: ['j'], action: 'Next item', hint: 'next' },
  { keys: ['k'], action: 'Previous item', hint: 'previous' },
  { keys: ['r'], action: 'Reveal the next gated output', hint: 'reveal' },
  { keys: ['1'], action: 'Record OK', hint: 'OK' },
  { keys: ['2'], action: 'Flag (pick a reason)', hint: 'flag' },
  { keys: ['3'], action: 'Escalate', hint: 'escalate' },
  { keys: ['u'], action: `Undo the last decision (within ${UNDO_WINDOW_MS / 1000} s)`, hint: `undo (${UNDO_WINDOW_MS / 1000} s)` },
];

/** Ctrl-K, or Cmd-K on a Mac: the command palette, from anywhere, even while typing in a field. */
export function isPaletteKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/** Marks the element `/` focuses. */
export const SEARCH_ATTRIBUTE = 'data-shortcut-search';
/** Marks a row's link for `j` / `k` on screens without their own row handler. */
export const ROW_LINK_ATTRIBUTE = 'data-row-link';
/** Carries the Civitai user id `g u` opens, on the focused row or anywhere on the screen. */
export const CONTEXT_USER_ATTRIBUTE = 'data-context-user';

/** How long the second key of `g w` may wait. */
export const SEQUENCE_TIMEOUT_MS = 1500;

/** Typing into a field must never trigger a shortcut. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
}
