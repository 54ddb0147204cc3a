import 'server-only';
import type { SessionUser } from '@/lib/auth/session-user';
import { revealsOnUser } from '@/lib/audit/audit';
import { decisionsOnUser } from '@/lib/review/decision-store';
import { toBlobReveal } from '@/lib/media/api';
import { USER_HISTORY_LIMIT, type UserHistoryAnswer } from './api';

/** The team's past decisions on a Civitai user's workflows and who revealed what, newest first. */
export async function readUserHistory(user: SessionUser, userId: string): Promise<UserHistoryAnswer> {
  const [decisions, reveals] = await Promise.all([decisionsOnUser(user, Number(userId), USER_HISTORY_LIMIT), revealsOnUser(user, Number(userId), USER_HISTORY_LIMIT)]);
  return {
    userId,
    decisions,
    reveals: reveals.map((reveal) => ({ ...toBlobReveal(reveal), workflowId: reveal.workflowId, targetType: reveal.targetType, targetId: reveal.targetId })),
  };
}
