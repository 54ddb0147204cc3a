import { ScanSearch } from 'lucide-react';
import Link from 'next/link';
import { buttonVariants } from '@/components/ui/button';
import { cn } from '@/lib/utils';

export function similarHref(blobId: string): string {
  return `/similar/${encodeURIComponent(blobId)}`;
}

/** "Find similar": the outputs of every indexed user within 31 bits of this one's PDQ hash (moderators and above). */
export function FindSimilarLink({ blobId, className }: { blobId: string; className?: string }) {
  return (
    <Link href={similarHref(blobId)} prefetch={false} className={cn(buttonVariants({ variant: 'secondary', size: 'sm' }), 'h-7 px-2 text-xs', className)} aria-label={`Find outputs similar to ${blobId}`}>
      <ScanSearch aria-hidden className="size-3.5" /> Find similar
    </Link>
  );
}
