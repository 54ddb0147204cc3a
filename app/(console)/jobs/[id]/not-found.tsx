import { NotFoundState } from '@/components/ui/not-found-state';

export default function JobNotFound() {
  return (
    <NotFoundState title="No such job">
      The Orchestration API has no job with this id, or the id is not a job id (a uuid or 64 hex digits).
    </NotFoundState>
  );
}
