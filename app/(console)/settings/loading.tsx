import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <div className="mx-auto w-full max-w-3xl space-y-4 px-4 py-4">
      <Skeleton className="h-7 w-48" />
      <Skeleton className="h-5 w-96" />
      <Skeleton className="h-72 w-full" />
    </div>
  );
}
