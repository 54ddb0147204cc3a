'use client';

import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Muted, mutedVariants } from '@/components/ui/muted';
import type { Role } from '@/lib/auth/roles';
import {
  actionEntries,
  idTargets,
  matchesQuery,
  recentEntry,
  screenEntries,
  textSearchEntry,
  type PaletteCommand,
  type PaletteEntry,
} from '@/lib/palette/palette';
import { cn } from '@/lib/utils';
import { readRecent } from './recent-storage';

/**
 * The palette's contents (cmdk), loaded with the first Ctrl-K rather than with every page. Enter takes the
 * selected entry, the first one unless the arrows moved.
 */
export default function PaletteBody({ role, onClose, onCommand }: { role: Role; onClose: () => void; onCommand: (command: PaletteCommand) => void }) {
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
        // Whichever comes last takes the focus: this body mounting (loaded lazily) or the dialog opening.
        autoFocus
        data-autofocus
        placeholder="Paste a workflow, job, blob or user id; user:<id>, tag:<tag>; or type a screen"
        className="h-10 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400"
      />
      <Command.List className="max-h-96 overflow-y-auto">
        <Command.Empty className={cn('px-2 py-6 text-center', mutedVariants({ size: 'sm' }))}>
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
                  {entry.hint ? <Muted as="span" size="xs">{entry.hint}</Muted> : null}
                </Command.Item>
              ))}
            </Command.Group>
          ) : null,
        )}
      </Command.List>
    </Command>
  );
}
