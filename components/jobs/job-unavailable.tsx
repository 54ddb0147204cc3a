'use client';

import { ScreenUnavailable } from '@/components/ui/screen-unavailable';
import { jobQueries } from '@/lib/queries/jobs';

export function JobUnavailable({ id }: { id: string }) {
  return <ScreenUnavailable what="this job" query={jobQueries.detail(id)} />;
}
