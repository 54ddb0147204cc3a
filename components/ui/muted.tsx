import { cva, type VariantProps } from 'class-variance-authority';
import type { HTMLAttributes } from 'react';
import { cn } from '@/lib/utils';

/**
 * Secondary text: hints, empty and loading lines, counts beside a value. Its greys are the ones the contrast checks
 * were run against, so a screen changes them here or not at all. `className` is for layout (margins, flex); size and
 * shade are variants, since `cn` does not settle two classes for one property.
 */
export const mutedVariants = cva('', {
  variants: {
    size: { inherit: '', '2xs': 'text-[11px]', xs: 'text-xs', sm: 'text-sm' },
    /** `faint` is a step lighter in light mode and the same in dark mode. */
    tone: { default: 'text-zinc-600 dark:text-zinc-400', faint: 'text-zinc-500 dark:text-zinc-400' },
  },
  defaultVariants: { size: 'inherit', tone: 'default' },
});

export type MutedProps = HTMLAttributes<HTMLElement> & VariantProps<typeof mutedVariants> & { as?: 'p' | 'span' | 'div' | 'li' | 'dt' };

export function Muted({ as: Element = 'p', size, tone, className, ...props }: MutedProps) {
  return <Element className={cn(mutedVariants({ size, tone }), className)} {...props} />;
}
