/** Limits and enums of the wire (contract §3.1, §3.6), without zod so browser code can use them cheaply. */
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 200;

/** WorkflowStatus values, shared by workflow, step and job on v2. */
export const WORKFLOW_STATUSES = [
  'unassigned',
  'preparing',
  'scheduled',
  'processing',
  'succeeded',
  'failed',
  'expired',
  'canceled',
] as const;
