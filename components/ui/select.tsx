import type { Ref, SelectHTMLAttributes } from 'react';
import { cn } from '@/lib/utils';
import { fieldClassName } from './input';

/** A native select: keyboard and screen-reader behaviour for free. `compact`: short and narrow, for a table row. */
export function Select({
  className,
  ref,
  compact = false,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement>; compact?: boolean }) {
  return <select ref={ref} className={cn(fieldClassName, compact ? 'h-8 w-36' : 'h-9 w-full', 'pr-8', className)} {...props} />;
}
