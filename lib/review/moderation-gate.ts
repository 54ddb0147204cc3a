import 'server-only';
import type { SessionUser } from '@/lib/auth/session-user';
import type { RequestMeta } from '@/lib/request/request-meta';
import { consoleUpstream, decideModerationGate } from '@/lib/orchestrator/writes';
import type { CallContext } from '@/lib/orchestrator/client';
import { isOrchestratorError } from '@/lib/orchestrator/errors';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import { clearPendingModerationGate } from '@/lib/risk-index/store';
import type { ModerationGateResponse } from './api-types';
import type { ModerationGateBody } from './requests';
import { audited } from './server';

/**
 * A senior approves or denies a workflow's pending moderation gate. The workflow is read first (an unknown id is a
 * 404 before anything is audited or sent); the audit row is written before the upstream call (and a second row when
 * it fails). Once the upstream has said the gate is not pending, whoever decided it, the index stops listing it.
 */
export async function decideWorkflowGate(
  user: SessionUser,
  workflowId: string,
  body: ModerationGateBody,
  meta: RequestMeta,
  ctx: CallContext,
): Promise<ModerationGateResponse> {
  await getWorkflow(orchestrator(), workflowId, ctx);
  const event = {
    actor: user,
    action: 'moderation_gate' as const,
    targetType: 'workflow' as const,
    targetId: workflowId,
    workflowId,
    reason: body.message,
    detail: { approved: body.approved },
    ...meta,
  };
  try {
    await audited(event, () => decideModerationGate(consoleUpstream(ctx), workflowId, { approved: body.approved, message: body.message }));
  } catch (caught) {
    if (isOrchestratorError(caught) && caught.kind === 'conflict') await clearPendingModerationGate(workflowId);
    throw caught;
  }
  await clearPendingModerationGate(workflowId);
  return { workflowId, status: body.approved ? 'approved' : 'rejected' };
}
