'use client';

import { Fragment } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { Kbd } from '@/components/ui/kbd';
import { SHORTCUTS } from './shortcuts';

export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        {SHORTCUTS.map((shortcut) => (
          <Fragment key={shortcut.action}>
            <dt className="flex items-center gap-1">
              {shortcut.keys.map((key, index) => (
                <Fragment key={key}>
                  {index > 0 ? <span className="text-xs text-zinc-500 dark:text-zinc-400">then</span> : null}
                  <Kbd>{key}</Kbd>
                </Fragment>
              ))}
            </dt>
            <dd>{shortcut.action}</dd>
          </Fragment>
        ))}
      </dl>
    </Dialog>
  );
}
