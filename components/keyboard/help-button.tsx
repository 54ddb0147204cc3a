'use client';

import { Keyboard } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Kbd } from '@/components/ui/kbd';
import { useShortcuts } from './shortcuts-provider';

export function ShortcutsHelpButton() {
  const { openHelp } = useShortcuts();
  return (
    <Button variant="ghost" size="sm" onClick={openHelp} aria-label="Keyboard shortcuts" aria-keyshortcuts="?">
      <Keyboard aria-hidden className="size-4" />
      <Kbd aria-hidden>?</Kbd>
    </Button>
  );
}
