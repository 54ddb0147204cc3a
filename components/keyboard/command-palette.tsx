'use client';

import { Command } from 'cmdk';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import type { Role } from '@/lib/auth/roles';
import {
  actionEntries,
  idTargets,
  matchesQuery,
  recentEntry,
  rememberPath,
  screenEntries,
  textSearchEntry,
  type PaletteCommand,
  type PaletteEntry,
} from '@/lib/palette/palette';

const RECENT_STORAGE_KEY = 'review-console.recent';

function readRecent(): unknown[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(RECENT_STORAGE_KEY) ?? '[]');
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

/** Remembers the workflows, jobs and users this browser opens, newest first (in localStorage, never trusted). */
function useRememberRecent(): void {
  const pathname = usePathname();
  useEffect(() => {
    localStorage.setItem(RECENT_STORAGE_KEY, JSON.stringify(rememberPath(readRecent(), pathname)));
  }, [pathname]);
}

/**
 * Ctrl-K / Cmd-K: paste or type a workflow, job, blob or user id (or user:<id>, tag:<t>) and Enter goes there; it
 * also lists the screens, recent items and actions of the moderator's role. Enter takes the first entry.
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
  useRememberRecent();
  return (
    <Dialog open={open} onClose={onClose} title="Go to an id, a screen or an action" className="max-w-2xl">
      {/* Rendered only while open: a fresh, empty input each time, and localStorage read in the browser only. */}
      <PaletteBody role={role} onClose={onClose} onCommand={onCommand} />
    </Dialog>
  );
}

function PaletteBody({ role, onClose, onCommand }: { role: Role; onClose: () => void; onCommand: (command: PaletteCommand) => void }) {
  const router = useRouter();
  const [recent] = useState(() => readRecent().flatMap((path) => (typeof path === 'string' ? (recentEntry(path) ?? []) : [])));
  const [input, setInput] = useState('');

  function choose(entry: PaletteEntry) {
    onClose();
    if ('href' in entry) router.push(entry.href as Parameters<typeof router.push>[0]);
    else onCommand(entry.command);
  }

  const targets = idTargets(input, role);
  const search = targets.length ? null : textSearchEntry(input);
  const listed = (entries: PaletteEntry[]) => entries.filter((entry) => matchesQuery(entry, input));
  const groups: [string, PaletteEntry[]][] = [
    ['Go to', [...targets, ...(search ? [search] : [])]],
    ['Recent', listed(recent)],
    ['Screens', listed(screenEntries(role))],
    ['Actions', listed(actionEntries(role))],
  ];

  return (
    <Command label="Command palette" shouldFilter={false} loop className="space-y-2" data-testid="command-palette">
      <Command.Input
        value={input}
        onValueChange={setInput}
        data-autofocus
        placeholder="Paste a workflow, job, blob or user id; user:<id>, tag:<tag>; or type a screen"
        className="h-10 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400"
      />
      <Command.List className="max-h-96 overflow-y-auto">
        <Command.Empty className="px-2 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
          Nothing matches. An id is a workflow id (8484131-20260121222126332), a job uuid, a blob id or a user id.
        </Command.Empty>
        {groups.map(([heading, entries]) =>
          entries.length ? (
            <Command.Group
              key={heading}
              heading={heading}
              className="py-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-zinc-600 dark:[&_[cmdk-group-heading]]:text-zinc-400"
            >
              {entries.map((entry) => (
                <Command.Item
                  key={entry.key}
                  value={entry.key}
                  onSelect={() => choose(entry)}
                  className="flex cursor-pointer flex-col rounded-md px-2 py-1.5 text-sm data-[selected=true]:bg-sky-100 data-[selected=true]:text-sky-950 dark:data-[selected=true]:bg-sky-900/60 dark:data-[selected=true]:text-sky-50"
                >
                  <span className="truncate font-medium">{entry.label}</span>
                  {entry.hint ? <span className="text-xs text-zinc-600 dark:text-zinc-400">{entry.hint}</span> : null}
                </Command.Item>
              ))}
            </Command.Group>
          ) : null,
        )}
      </Command.List>
    </Command>
  );
}
