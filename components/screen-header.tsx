import type { ReactNode } from 'react';
import { ShortcutButton } from '@/components/keyboard/shortcut-button';
import { Muted } from '@/components/ui/muted';

/** Each screen's title row: one h1, an optional line under it, actions on the right, and the shortcuts help. */
export function ScreenHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold tracking-tight break-all">{title}</h1>
        {description ? <Muted as="div" size="sm" className="mt-1">{description}</Muted> : null}
      </div>
      <div className="flex items-center gap-2">
        {actions}
        <ShortcutButton opens="help" />
      </div>
    </div>
  );
}
