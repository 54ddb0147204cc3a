'use client';

import dynamic from 'next/dynamic';
import { Dialog } from '@/components/ui/dialog';
import { Muted } from '@/components/ui/muted';
import type { Role } from '@/lib/auth/roles';
import type { PaletteCommand } from '@/lib/palette/palette';

// cmdk comes with the first Ctrl-K, not with every page's first load.
const PaletteBody = dynamic(() => import('./command-palette-body'), {
  ssr: false,
  loading: () => <Muted size="sm">Opening…</Muted>,
});

/**
 * Ctrl-K / Cmd-K: paste or type a workflow, job, blob or user id (or user:<id>, tag:<t>) and Enter goes there; it
 * also lists the screens, recent items and actions of the moderator's role.
 */
export function CommandPalette({
  open,
  onClose,
  role,
  onCommand,
}: {
  open: boolean;
  onClose: () => void;
  role: Role;
  onCommand: (command: PaletteCommand) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title="Go to an id, a screen or an action" wide>
      {/* Rendered only while open: a fresh, empty input each time, and localStorage read in the browser only. */}
      <PaletteBody role={role} onClose={onClose} onCommand={onCommand} />
    </Dialog>
  );
}
