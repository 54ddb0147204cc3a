import { cva } from 'class-variance-authority';
import { AlertTriangle, SearchX } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';
import { mutedVariants } from './muted';

/**
 * The screens' states, one shape: a title, an explanation and the buttons that help.
 *   empty    "nothing here": what was looked for and what to change
 *   error    something failed: what, in the moderator's words, and a retry (never a stack trace)
 *   partial  part of an answer is missing
 */
const stateVariants = cva('flex gap-2 rounded-lg border', {
  variants: {
    tone: {
      empty: 'flex-col items-center border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700',
      error: 'flex-col items-start border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-900 dark:bg-red-950/40 dark:text-red-100',
      partial:
        'items-start rounded-md border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100',
    },
  },
});

interface StateProps {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}

function StatePanel({ tone, title, children, action, className }: StateProps & { tone: 'empty' | 'error' }) {
  const empty = tone === 'empty';
  const Icon = empty ? SearchX : AlertTriangle;
  return (
    <div role={empty ? 'status' : 'alert'} className={cn(stateVariants({ tone }), className)}>
      <p className="flex items-center gap-2 font-medium">
        <Icon aria-hidden className={cn('shrink-0', empty ? 'size-6 text-zinc-500' : 'size-5')} />
        {title}
      </p>
      {children ? <div className={cn('text-sm', empty && ['max-w-prose', mutedVariants()])}>{children}</div> : null}
      {action ? <div className={cn('mt-1 flex flex-wrap gap-2', empty && 'justify-center')}>{action}</div> : null}
    </div>
  );
}

export function EmptyState(props: StateProps) {
  return <StatePanel tone="empty" {...props} />;
}

export function ErrorState(props: StateProps) {
  return <StatePanel tone="error" {...props} />;
}

export function PartialNotice({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div role="note" className={cn(stateVariants({ tone: 'partial' }), className)}>
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div>{children}</div>
    </div>
  );
}
