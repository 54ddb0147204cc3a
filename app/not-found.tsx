import { BoundaryPage } from '@/components/boundary-page';

export default function NotFound() {
  return (
    <BoundaryPage title="Not found" back={{ href: '/', label: 'Back to the start' }}>
      There is nothing at this address.
    </BoundaryPage>
  );
}
