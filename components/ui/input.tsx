import type { InputHTMLAttributes, Ref } from 'react';
import { cn } from '@/lib/utils';

/** A form field's look without its size: inputs, selects and text areas share it. */
export const fieldClassName =
  'rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 placeholder:text-zinc-500 disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400 aria-invalid:border-red-600 dark:aria-invalid:border-red-400';

export const inputClassName = `h-9 w-full ${fieldClassName}`;

/** A text area: grows with its rows instead of the input's fixed height. */
export const textAreaClassName = `w-full py-2 ${fieldClassName}`;

export function Input({ className, ref, ...props }: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return <input ref={ref} className={cn(inputClassName, className)} {...props} />;
}
