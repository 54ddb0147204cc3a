import { z } from 'zod';
import { isWorkflowId } from '@/lib/orchestrator/id-formats';
import { WORKFLOW_STATUSES } from '@/lib/orchestrator/vocabulary';

/**
 * The upstream's callback bodies as the webhook route accepts them (contract §3.8): a workflow, step or job event,
 * each naming its workflow, a status and a timestamp. Zod-only, no server imports: the emulator sends these.
 */

/** The header carrying the shared secret (the emulator sends it). `?secret=` works too: the real API sets only a URL. */
export const WEBHOOK_SECRET_HEADER = 'x-webhook-secret';
export const MAX_WEBHOOK_BYTES = 64 * 1024;

const statuses = new Set<string>(WORKFLOW_STATUSES);

export const WorkflowEventSchema = z.looseObject({
  $type: z.enum(['workflow', 'step', 'job']),
  workflowId: z.string().max(200).refine(isWorkflowId, 'not a workflow id'),
  status: z
    .string()
    .transform((status) => status.toLowerCase())
    .refine((status) => statuses.has(status), 'not a workflow status'),
  timestamp: z.string().max(40).refine((text) => !Number.isNaN(Date.parse(text)), 'not a timestamp'),
});

export type WorkflowEvent = z.output<typeof WorkflowEventSchema>;
