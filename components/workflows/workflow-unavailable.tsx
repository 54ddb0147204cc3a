'use client';

import { ScreenUnavailable } from '@/components/ui/screen-unavailable';
import { workflowQueries } from '@/lib/queries/workflows';

export function WorkflowUnavailable({ id }: { id: string }) {
  return <ScreenUnavailable what="this workflow" query={workflowQueries.detail(id)} />;
}
