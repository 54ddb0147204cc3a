'use client';

import { Fragment } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { Kbd } from '@/components/ui/kbd';
import { Muted } from '@/components/ui/muted';
import { SHORTCUTS, type Shortcut } from './shortcuts';

/** Every key of the screen in view: the screen's own (the queue's decisions, say) first, then those that work everywhere. */
export function HelpDialog({ open, onClose, screenShortcuts }: { open: boolean; onClose: () => void; screenShortcuts: readonly Shortcut[] }) {
  // A key the screen gives its own meaning (the queue's j / k) is listed once, with that meaning.
  const taken = new Set(screenShortcuts.map((shortcut) => shortcut.keys.join(' ')));
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <div className="space-y-4">
        {screenShortcuts.length ? <ShortcutList heading="On this screen" shortcuts={screenShortcuts} /> : null}
        <ShortcutList heading="Everywhere" shortcuts={SHORTCUTS.filter((shortcut) => !taken.has(shortcut.keys.join(' ')))} />
      </div>
    </Dialog>
  );
}

function ShortcutList({ heading, shortcuts }: { heading: string; shortcuts: readonly Shortcut[] }) {
  return (
    <section>
      <h3 className="mb-2 text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{heading}</h3>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        {shortcuts.map((shortcut) => (
          <Fragment key={shortcut.action}>
            <dt className="flex items-center gap-1">
              {shortcut.keys.map((key, index) => (
                <Fragment key={key}>
                  {index > 0 ? <Muted as="span" size="xs" tone="faint">then</Muted> : null}
                  <Kbd>{key}</Kbd>
                </Fragment>
              ))}
            </dt>
            <dd>{shortcut.action}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
