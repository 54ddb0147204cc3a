import { cva, type VariantProps } from 'class-variance-authority';
import type { HTMLAttributes } from 'react';
import { cn } from '@/lib/utils';

export const badgeVariants = cva('inline-flex items-center rounded px-1.5 py-0.5 text-xs whitespace-nowrap', {
  variants: {
    weight: { medium: 'font-medium', normal: 'font-normal' },
    tone: {
      neutral: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
      info: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
      success: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
      warning: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
      danger: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
    },
  },
  defaultVariants: { tone: 'neutral', weight: 'medium' },
});

export type BadgeProps = HTMLAttributes<HTMLSpanElement> & VariantProps<typeof badgeVariants>;

export function Badge({ className, tone, weight, ...props }: BadgeProps) {
  return <span className={cn(badgeVariants({ tone, weight }), className)} {...props} />;
}
