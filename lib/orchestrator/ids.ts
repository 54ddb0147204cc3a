import { z } from 'zod';
import { isBlobId, isJobId, isStepName, isUserId, isWorkflowId } from './id-formats';

export * from './id-formats';

/** zod forms of the id checks, for route parameters. */
export const WorkflowIdSchema = z.string().refine(isWorkflowId, 'not a workflow id');
export const JobIdSchema = z.string().refine(isJobId, 'not a job id');
export const BlobIdSchema = z.string().refine(isBlobId, 'not a blob id');
export const StepNameSchema = z.string().refine(isStepName, 'not a step name');
export const UserIdSchema = z.string().refine(isUserId, 'not a Civitai user id');
