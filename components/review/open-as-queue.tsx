'use client';

import { ListChecks } from 'lucide-react';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { buttonVariants } from '@/components/ui/button';

/** "Work these as a queue": the workflows screen's current search, opened one item at a time on /queue. */
export function OpenAsQueueLink() {
  const search = useSearchParams().toString();
  return (
    <Link href={search ? `/queue?${search}` : '/queue?order=newest'} className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
      <ListChecks aria-hidden className="size-4" /> Open as queue
    </Link>
  );
}
