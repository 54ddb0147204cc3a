import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { addWork } from './work';
import { runningIndexer } from './console-indexer';
import { MAX_WEBHOOK_BYTES, WEBHOOK_SECRET_HEADER, WorkflowEventSchema } from './webhook-wire';

/**
 * The upstream's workflow callbacks (POST /api/webhooks/orchestrator). Not a session route: the upstream calls it,
 * authenticated by the shared secret (ORCHESTRATOR_WEBHOOK_SECRET) in `X-Webhook-Secret` or `?secret=`, compared
 * in constant time. The body is only a hint: a valid event queues one read of the workflow (the GET is the source
 * of truth), keyed on (workflowId, status, timestamp) so a replay writes nothing. Refusals write nothing either.
 */

export interface WebhookAnswer {
  status: 200 | 202 | 400 | 401 | 404 | 413;
  body: Record<string, unknown>;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Equal-length digests, so the comparison takes the same time whatever was sent. */
function secretMatches(given: string | null, secret: string): boolean {
  return given !== null && timingSafeEqual(digest(given), digest(secret));
}

/** The body, or null when it is longer than the bound (read no further than that). */
async function boundedText(request: Request): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_WEBHOOK_BYTES) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_WEBHOOK_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function receiveWebhook(request: Request, secret: string | undefined): Promise<WebhookAnswer> {
  if (!secret) return { status: 404, body: { title: 'Not Found' } };
  const given = request.headers.get(WEBHOOK_SECRET_HEADER) ?? new URL(request.url).searchParams.get('secret');
  if (!secretMatches(given, secret)) return { status: 401, body: { title: 'Wrong or missing webhook secret' } };
  const text = await boundedText(request);
  if (text === null) return { status: 413, body: { title: `The event is larger than ${MAX_WEBHOOK_BYTES} bytes` } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 400, body: { title: 'The event is not JSON' } };
  }
  const parsed = WorkflowEventSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { title: 'Not a workflow, step or job event', field: String(parsed.error.issues[0]?.path[0] ?? '') } };
  const { workflowId, status, timestamp } = parsed.data;
  const added = await addWork([
    {
      key: `callback:${workflowId}:${status}:${timestamp}`,
      kind: 'read',
      state: { workflowId, source: 'callback', firstSeen: new Date().toISOString() },
    },
  ]);
  if (added === 0) return { status: 200, body: { workflowId, queued: false, duplicate: true } };
  runningIndexer()?.nudge();
  return { status: 202, body: { workflowId, queued: true } };
}
