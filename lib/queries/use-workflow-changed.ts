import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback } from 'react';
import { queryKeys } from './keys';

/**
 * After a write to a workflow upstream (a decision's review tag, a tag, a cancel, a taint): its cached reads go
 * stale and the screen rendered on the server from it (the workflow or job page) renders again, so the change shows
 * at once wherever the workflow is on screen.
 */
export function useWorkflowChanged(): (workflowId: string, jobId?: string) => void {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(
    (workflowId: string, jobId?: string) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.workflow(workflowId) });
      if (jobId !== undefined) void queryClient.invalidateQueries({ queryKey: queryKeys.job(jobId) });
      router.refresh();
    },
    [queryClient, router],
  );
}
