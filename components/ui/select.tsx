import type { Ref, SelectHTMLAttributes } from 'react';
import { cn } from '@/lib/utils';
import { inputClassName } from './input';

/** A native select: keyboard and screen-reader behaviour for free. */
export function Select({ className, ref, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  return <select ref={ref} className={cn(inputClassName, 'pr-8', className)} {...props} />;
}
