import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';

/** A small pill; with `onRemove` it gets a labelled remove button (tags as filters). */
export function Chip({
  children,
  onRemove,
  removeLabel,
  className,
}: {
  children: ReactNode;
  onRemove?: () => void;
  /** Required with onRemove: what the button removes, e.g. "Remove tag gen". */
  removeLabel?: string;
  className?: string;
}) {
  return (
    <span
      className={cn(
        'inline-flex max-w-full items-center gap-1 rounded-full border border-zinc-300 bg-zinc-100 py-0.5 pl-2 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-200',
        onRemove ? 'pr-1' : 'pr-2',
        className,
      )}
    >
      <span className="truncate">{children}</span>
      {onRemove ? (
        <button
          type="button"
          onClick={onRemove}
          aria-label={removeLabel}
          className="rounded-full p-0.5 hover:bg-zinc-300 dark:hover:bg-zinc-700"
        >
          <X aria-hidden className="size-3" />
        </button>
      ) : null}
    </span>
  );
}
