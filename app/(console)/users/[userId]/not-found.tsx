import { NotFoundState } from '@/components/ui/not-found-state';

export default function UserNotFound() {
  return (
    <NotFoundState title="Not a Civitai user id">
      A Civitai user id is ASCII digits without leading zeros, at most 2147483647.
    </NotFoundState>
  );
}
