'use client';

import { Search } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Kbd } from '@/components/ui/kbd';
import { useShortcuts } from './shortcuts-provider';

/** The header's way into the command palette, for whoever does not know Ctrl-K yet. */
export function PaletteButton() {
  const { openPalette } = useShortcuts();
  return (
    <Button variant="secondary" size="sm" onClick={openPalette} aria-keyshortcuts="Control+K Meta+K" data-testid="open-palette">
      <Search aria-hidden className="size-4" />
      Go to…
      <Kbd aria-hidden>Ctrl K</Kbd>
    </Button>
  );
}
