import type { HTMLAttributes } from 'react';
import { cn } from '@/lib/utils';

/** A grey placeholder block. Decorative: the surrounding region announces "loading". */
export function Skeleton({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden className={cn('animate-pulse rounded bg-zinc-200 dark:bg-zinc-800', className)} {...props} />;
}

/** A region that tells assistive technology what is loading while its skeleton children pulse. */
export function LoadingRegion({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" className={className}>
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}
