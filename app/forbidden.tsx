import { BoundaryPage } from '@/components/boundary-page';

/** HTTP 403 for a signed-in moderator whose role is too low for the page (requirePageRole → forbidden()). */
export default function Forbidden() {
  return (
    <BoundaryPage title="Not allowed for your role" back={{ href: '/workflows', label: 'Back to the workflows' }}>
      This page needs a higher role than yours. If your work needs it, ask an admin to change your role.
    </BoundaryPage>
  );
}
