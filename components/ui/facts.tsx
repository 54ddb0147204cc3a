import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';
import { Muted } from './muted';

/** A description list of label → value pairs, in a responsive grid. */
export function Facts({ className, children }: { className?: string; children: ReactNode }) {
  return <dl className={cn('grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm', className)}>{children}</dl>;
}

export function Fact({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <>
      <Muted as="dt">{label}</Muted>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

/** The muted dash shown where a value is absent, so "missing" never looks like an empty success. */
export function Missing({ label = 'not given' }: { label?: string }) {
  return <Muted as="span" tone="faint" className="italic">{label}</Muted>;
}
