import { Muted } from '@/components/ui/muted';
import { cn } from '@/lib/utils';

/** Counts as labelled horizontal bars, drawn with SVG attributes (no inline styles) and readable in both themes. */
export function CountBars({ label, items }: { label: string; items: { label: string; count: number; danger?: boolean }[] }) {
  const max = Math.max(1, ...items.map((item) => item.count));
  if (items.length === 0) return <Muted size="sm" tone="faint">Nothing counted yet.</Muted>;
  return (
    <ul aria-label={label} className="space-y-1.5">
      {items.map((item) => (
        <li key={item.label} className="grid grid-cols-[6rem_1fr_4rem] items-center gap-2 text-sm">
          <span className="truncate">{item.label}</span>
          <svg aria-hidden viewBox="0 0 100 8" preserveAspectRatio="none" className="h-3 w-full">
            <rect x="0" y="0" width="100" height="8" className="fill-zinc-100 dark:fill-zinc-800" />
            <rect
              x="0"
              y="0"
              width={(item.count / max) * 100}
              height="8"
              className={cn(item.danger ? 'fill-red-600 dark:fill-red-400' : 'fill-sky-600 dark:fill-sky-400')}
            />
          </svg>
          <span className="text-right tabular-nums">{item.count.toLocaleString('en-US')}</span>
        </li>
      ))}
    </ul>
  );
}
