import { cva, type VariantProps } from 'class-variance-authority';
import Link from 'next/link';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

/** The screens an id opens: a workflow, a job, a Civitai user's risk overview. */
const PAGES = { workflow: '/workflows', job: '/jobs', user: '/users' } as const;

export type EntityKind = keyof typeof PAGES;

export function entityHref(kind: EntityKind, id: string | number): string {
  return `${PAGES[kind]}/${encodeURIComponent(id)}`;
}

/** `strong` is a shade darker (lighter in dark mode) than the console's other inline links. */
export const entityLinkVariants = cva('hover:underline', {
  variants: {
    tone: { default: 'text-sky-700 dark:text-sky-400', strong: 'text-sky-800 dark:text-sky-300' },
  },
  defaultVariants: { tone: 'default' },
});

export type EntityLinkProps = Omit<ComponentProps<typeof Link>, 'href' | 'id'> & VariantProps<typeof entityLinkVariants> & { kind: EntityKind; id: string | number };

/**
 * A link to the page of a workflow, job or user: `id` is that entity's id (the anchor takes no element id). `className` is
 * for layout and type (font, size, truncation), not colour.
 */
export function EntityLink({ kind, id, tone, className, ...props }: EntityLinkProps) {
  return <Link href={entityHref(kind, id)} className={cn(entityLinkVariants({ tone }), className)} {...props} />;
}
