'use client';

import { Keyboard, Search } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Kbd } from '@/components/ui/kbd';
import { useShortcuts } from './shortcuts-provider';

/** The mouse's way to what a key opens, with the key shown: "?" (the shortcuts help) and Ctrl-K (the command palette). */
const OPENERS = {
  help: { icon: Keyboard, text: null, name: 'Keyboard shortcuts', key: '?', ariaKeys: '?', variant: 'ghost' },
  palette: { icon: Search, text: 'Go to…', name: 'Go to an id, a screen or an action', key: 'Ctrl K', ariaKeys: 'Control+K Meta+K', variant: 'secondary' },
} as const;

export function ShortcutButton({ opens }: { opens: keyof typeof OPENERS }) {
  const shortcuts = useShortcuts();
  const { icon: Icon, text, name, key, ariaKeys, variant } = OPENERS[opens];
  return (
    <Button
      variant={variant}
      size="sm"
      className="shrink-0"
      onClick={opens === 'help' ? shortcuts.openHelp : shortcuts.openPalette}
      aria-label={name}
      aria-keyshortcuts={ariaKeys}
    >
      <Icon aria-hidden className="size-4" />
      {/* The words only where the header has room (an admin's header holds six sections). */}
      {text ? <span className="hidden 2xl:inline">{text}</span> : null}
      <Kbd aria-hidden>{key}</Kbd>
    </Button>
  );
}
