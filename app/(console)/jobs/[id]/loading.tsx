import { DetailSkeleton } from '@/components/ui/detail-skeleton';

export default function Loading() {
  return <DetailSkeleton label="Loading the job's scan evidence…" />;
}
