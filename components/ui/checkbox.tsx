import type { InputHTMLAttributes, ReactNode } from 'react';
import { cn } from '@/lib/utils';

/** A native checkbox with its label around it, so the whole text is clickable and the control is always named. */
export function Checkbox({
  label,
  className,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: ReactNode }) {
  return (
    <label className={cn('inline-flex h-9 items-center gap-2 text-sm', className)}>
      <input type="checkbox" className="size-4 accent-sky-700 dark:accent-sky-500" {...props} />
      {label}
    </label>
  );
}
