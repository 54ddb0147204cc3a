import { NotFoundState } from '@/components/ui/not-found-state';

export default function WorkflowNotFound() {
  return (
    <NotFoundState title="No such workflow">
      The Orchestration API has no workflow with this id, it was deleted, or the id is not in a shape workflow ids have.
    </NotFoundState>
  );
}
