'use client';

import Link from 'next/link';
import { useLiveCounts } from './live-channel';

/**
 * The header's "N above, unreviewed": outputs in the CSAM band "above" that nobody has decided yet, kept current by
 * the live channel, linking to the queue that works them.
 */
export function UnreviewedAbove() {
  const { counts, mode } = useLiveCounts();
  const count = counts?.aboveUnreviewed;
  return (
    <Link
      href="/queue?preset=unreviewed-csam"
      data-testid="unreviewed-above"
      data-live={mode}
      title={`Outputs above the CSAM threshold that nobody has decided yet; ${mode === 'live' ? 'updated as the risk index learns of new ones' : 'updated every few seconds'}`}
      className={`rounded-md px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800 ${count ? 'font-medium text-red-800 dark:text-red-300' : 'text-zinc-600 dark:text-zinc-400'}`}
    >
      <span aria-live="polite">{count === undefined ? '…' : count.toLocaleString('en-US')}</span> above
      <span className="sr-only 2xl:not-sr-only">, unreviewed</span>
    </Link>
  );
}
