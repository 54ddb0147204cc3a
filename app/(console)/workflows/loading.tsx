import { Skeleton } from '@/components/ui/skeleton';
import { WorkflowListSkeleton } from '@/components/workflows/workflow-list-skeleton';

export default function Loading() {
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
      <Skeleton className="h-7 w-40" />
      <Skeleton className="h-9 w-full" />
      <Skeleton className="h-14 w-full" />
      <WorkflowListSkeleton />
    </div>
  );
}
