import type { Metadata } from 'next';
import Link from 'next/link';
import { TriageQueue } from '@/components/review/triage-queue';
import { Muted } from '@/components/ui/muted';
import { ScreenHeader } from '@/components/screen-header';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';
import { workflowFilterParsers } from '@/lib/workflows/filters';
import { QUEUE_PRESET_IDS, QUEUE_PRESETS, isQueuePresetId } from '@/lib/review/queue';
import { reasonCodes } from '@/lib/review/server';

export const metadata: Metadata = { title: 'Triage queue' };

/** The parameters a queue may carry: a preset, an output's near-duplicates, or the workflows screen's own filters. The API validates them. */
const QUEUE_KEYS = new Set<string>(['preset', 'similar', ...Object.keys(workflowFilterParsers)]);

function queueSearch(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (!QUEUE_KEYS.has(key) || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) if (item !== '') search.append(key, item);
  }
  return search.toString();
}

export default async function QueuePage({ searchParams }: PageProps<'/queue'>) {
  const user = await requirePageRole('moderator');
  const search = queueSearch(await searchParams);
  const preset = new URLSearchParams(search).get('preset');
  const presets = QUEUE_PRESET_IDS.filter((id) => roleAtLeast(user.role, QUEUE_PRESETS[id].minimumRole));
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-4 px-4 py-4">
      <ScreenHeader
        title="Triage queue"
        description="One item at a time, by keyboard. Any search on the workflows screen opens as a queue."
        actions={
          <nav aria-label="Queue presets" className="flex flex-wrap gap-2 text-sm">
            {presets.map((id) => (
              <Link
                key={id}
                href={`/queue?preset=${id}`}
                aria-current={preset === id ? 'page' : undefined}
                className="rounded-md border border-zinc-300 px-2 py-1 hover:bg-zinc-100 aria-[current=page]:bg-zinc-100 aria-[current=page]:font-medium dark:border-zinc-700 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-800"
              >
                {QUEUE_PRESETS[id].label}
              </Link>
            ))}
          </nav>
        }
      />
      {search === '' || (preset !== null && !isQueuePresetId(preset)) ? (
        <Muted size="sm">
          Pick a preset above, or open any search on the <Link href="/workflows" className="text-sky-700 underline dark:text-sky-400">workflows screen</Link> as
          a queue.
        </Muted>
      ) : (
        <TriageQueue key={search} search={search} reasonCodes={reasonCodes()} role={user.role} userId={user.id} />
      )}
    </div>
  );
}
