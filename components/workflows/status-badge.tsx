import { Badge, type BadgeProps } from '@/components/ui/badge';

const TONES: Record<string, BadgeProps['tone']> = {
  succeeded: 'success',
  failed: 'danger',
  expired: 'warning',
  canceled: 'warning',
  processing: 'info',
  scheduled: 'info',
  preparing: 'info',
  unassigned: 'neutral',
};

/** A workflow, step or job status. Unknown values are shown as received, in the neutral tone. */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={TONES[status.toLowerCase()] ?? 'neutral'} className={className}>
      {status}
    </Badge>
  );
}
