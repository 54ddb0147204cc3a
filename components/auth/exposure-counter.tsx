'use client';

import { useQuery } from '@tanstack/react-query';
import { Eye } from 'lucide-react';
import { exposureQueries } from '@/lib/queries/exposure';

/**
 * "Revealed today" in the header: the server's count at page load, refetched whenever a reveal invalidates it, so it
 * climbs as the moderator reveals (a wellness measure), not only on reload.
 */
export function ExposureCounter({ initial }: { initial: number }) {
  const { data: revealedToday } = useQuery({ ...exposureQueries.today(), initialData: initial, staleTime: Infinity });
  return (
    <span
      className="inline-flex items-center gap-1 text-zinc-700 dark:text-zinc-300"
      title="Gated items you revealed today (UTC). Take a break when it climbs."
      data-testid="exposure-today"
    >
      <Eye aria-hidden className="size-4" />
      <span>
        {/* The words where the header has room; the eye and the title say it on a laptop. */}
        <span className="sr-only 2xl:not-sr-only">Revealed today: </span>
        <strong>{revealedToday}</strong>
      </span>
    </span>
  );
}
