import { DetailSkeleton } from '@/components/ui/detail-skeleton';

export default function Loading() {
  return <DetailSkeleton label="Loading the workflow, its jobs and their scan evidence…" />;
}
