import { env } from '@/lib/env';
import { receiveWebhook } from '@/lib/risk-index/webhook';

/**
 * The Orchestration API's workflow callbacks. The upstream calls it, not a moderator: no session, a shared secret
 * instead (lib/risk-index/webhook.ts). Answers 404 while ORCHESTRATOR_WEBHOOK_SECRET is unset.
 */
export async function POST(request: Request): Promise<Response> {
  const { status, body } = await receiveWebhook(request, env().ORCHESTRATOR_WEBHOOK_SECRET);
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}
