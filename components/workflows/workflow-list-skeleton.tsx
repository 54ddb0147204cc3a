import { LoadingRegion, Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/utils';
import { WORKFLOW_COLUMNS } from './workflow-row-cells';

/** Placeholder rows in the list's own grid, so nothing moves when the data arrives. */
export function WorkflowListSkeleton({ label = 'Loading workflows…', rows = 12 }: { label?: string; rows?: number }) {
  return (
    <LoadingRegion label={label} className="space-y-2">
      <p aria-hidden className="text-xs text-zinc-500">
        {label}
      </p>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="h-9 border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950" />
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className={cn(WORKFLOW_COLUMNS, 'h-11 items-center border-b border-zinc-100 dark:border-zinc-800/70')}>
            <span />
            <Skeleton className="mx-2 h-3" />
            <Skeleton className="mx-2 h-3" />
            <Skeleton className="mx-2 h-3" />
            <Skeleton className="mx-2 h-4 w-16" />
            <Skeleton className="mx-2 h-4 w-16" />
            <Skeleton className="mx-2 h-4" />
            <Skeleton className="mx-2 h-3" />
            <Skeleton className="mx-2 h-3" />
            <Skeleton className="mx-2 h-4 w-20" />
            <Skeleton className="mx-2 h-3" />
          </div>
        ))}
      </div>
    </LoadingRegion>
  );
}
