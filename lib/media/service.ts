import 'server-only';
import pLimit from 'p-limit';
import type { SessionUser } from '@/lib/auth/session-user';
import { appendAudit } from '@/lib/db/audit';
import type { RequestMeta } from '@/lib/http/request-meta';
import { consoleLogger } from '@/lib/log';
import { decideGate, fullBytesAllowed, type GateDecision } from '@/lib/moderation/gating';
import type { ReviewerPreferences } from '@/lib/moderation/preferences';
import { loadPreferences } from '@/lib/moderation/preferences-store';
import { findRevealGrants, grantReveal, type RevealGrant } from '@/lib/moderation/reveal';
import type { CallContext } from '@/lib/orchestrator/client';
import { isBlobId } from '@/lib/orchestrator/ids';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import type { MediaGateView } from './api';
import { loadGateFacts, type BlobGateFacts } from './gate-facts';
import { mediaHeaders, mediaProblem } from './headers';
import { gateFactSources, gatePolicy, mediaUpstream } from './instance';
import { renderPreview } from './preview';

/**
 * What the media routes and the reveal action do, in the order the gate needs: facts, the viewer's decision, the
 * grant check, then (only then) an upstream byte. Everything returns a Response or throws an error with a kind;
 * lib/media/route.ts maps those.
 */

export interface MediaRequest {
  user: SessionUser;
  blobId: string;
  workflowId: string | null;
  request: Request;
  ctx: CallContext;
  meta: RequestMeta;
}

/** Originals above this are not previewed (each render holds one in memory). */
const PREVIEW_SOURCE_MAX_BYTES = 40 * 1024 * 1024;

interface ViewerDecision {
  facts: BlobGateFacts;
  preferences: ReviewerPreferences;
  decision: GateDecision;
}

async function decideFor(user: SessionUser, blobId: string, workflowId: string | null, ctx: CallContext): Promise<ViewerDecision> {
  const [facts, preferences] = await Promise.all([
    loadGateFacts(gateFactSources(), blobId, workflowId, ctx),
    loadPreferences(user),
  ]);
  return { facts, preferences, decision: decideGate(facts, { role: user.role, preferences }, gatePolicy()) };
}

function gatedProblem(decision: GateDecision): Response {
  if (!decision.available) {
    return mediaProblem(410, { kind: 'unavailable', title: 'This media is not available upstream.' });
  }
  return mediaProblem(403, {
    kind: 'gated',
    title: decision.canReveal ? 'This media is gated: reveal it first.' : 'This media is gated and your role cannot reveal it.',
    detail: decision.reasons.join('; '),
  });
}

/** Records a refused byte request (TEST-PLAN F-08). Best effort: the refusal stands either way. */
async function recordDenied(request: MediaRequest, decision: GateDecision): Promise<void> {
  try {
    await appendAudit({
      actor: request.user,
      action: 'access_denied',
      targetType: 'blob',
      targetId: request.blobId,
      workflowId: request.workflowId,
      detail: { tier: decision.tier, requires: decision.revealRequires },
      ...request.meta,
    });
  } catch (error) {
    consoleLogger('error', 'audit.write_failed', { action: 'access_denied', error: error instanceof Error ? error.name : 'unknown' });
  }
}

/** GET /api/media/[blobId]: the full bytes (or one range), for tier 0 or with a live grant. */
export async function serveMedia(request: MediaRequest): Promise<Response> {
  const { decision } = await decideFor(request.user, request.blobId, request.workflowId, request.ctx);
  if (!decision.available) return gatedProblem(decision);
  const grant = decision.fullBytesWithoutGrant ? null : ((await findRevealGrants(request.user, [request.blobId])).get(request.blobId) ?? null);
  if (!fullBytesAllowed(decision, { userId: request.user.id, blobId: request.blobId, now: new Date() }, grant)) {
    await recordDenied(request, decision);
    return gatedProblem(decision);
  }
  const download = new URL(request.request.url).searchParams.get('download') === '1';
  if (download) {
    // Fails closed: no audit row, no download (AuditError maps to 503).
    await appendAudit({
      actor: request.user,
      action: 'media_download',
      targetType: 'blob',
      targetId: request.blobId,
      workflowId: request.workflowId,
      detail: { tier: decision.tier },
      ...request.meta,
    });
  }
  const stream = await mediaUpstream().open(request.blobId, {
    range: download ? null : request.request.headers.get('range'),
    signal: request.request.signal,
  });
  return new Response(stream.body, {
    status: stream.status,
    headers: mediaHeaders({
      contentType: stream.contentType,
      contentLength: stream.contentLength,
      contentRange: stream.contentRange,
      acceptRanges: stream.acceptRanges,
      withheld: stream.withheld,
      disposition: download ? { type: 'attachment', filename: request.blobId } : { type: 'inline' },
    }),
  });
}

/** GET /api/media/[blobId]/preview: a small webp, blurred in the pixels for tier 1; nothing for tier 2-3. */
export async function servePreview(request: MediaRequest): Promise<Response> {
  const { decision, preferences } = await decideFor(request.user, request.blobId, request.workflowId, request.ctx);
  if (!decision.previewAllowed) return gatedProblem(decision);
  const { bytes, stream } = await mediaUpstream().readAll(request.blobId, PREVIEW_SOURCE_MAX_BYTES, request.request.signal);
  if (!stream.contentType.startsWith('image/')) {
    return mediaProblem(415, { kind: 'no_preview', title: 'Videos have no preview; reveal to play.' });
  }
  const preview = await renderPreview(
    bytes,
    decision.tier === 0 ? { blur: null, grayscale: false } : { blur: preferences.blurStrength, grayscale: preferences.grayscale },
  );
  if (!preview.ok) return mediaProblem(422, { kind: 'no_preview', title: 'No preview can be made of this media.' });
  return new Response(new Uint8Array(preview.bytes), {
    status: 200,
    headers: mediaHeaders({ contentType: preview.contentType, contentLength: preview.bytes.length, withheld: stream.withheld }),
  });
}

/** POST /api/media/[blobId]/reveal and the reveal server action. Throws RevealError. */
export async function revealMedia(request: Omit<MediaRequest, 'request'> & { reason?: string }): Promise<RevealGrant | null> {
  const { decision } = await decideFor(request.user, request.blobId, request.workflowId, request.ctx);
  return grantReveal({
    user: request.user,
    blobId: request.blobId,
    workflowId: request.workflowId,
    reason: request.reason,
    decision,
    meta: request.meta,
  });
}

function gateView(blobId: string, facts: BlobGateFacts, decision: GateDecision, revealedUntil: Date | null): MediaGateView {
  return { ...decision, blobId, mediaType: facts.mediaType, revealedUntil: revealedUntil?.toISOString() ?? null };
}

/** GET /api/media/gates?workflowId=…: the gate of every blob of one workflow, for its tiles. */
export async function workflowGates(user: SessionUser, workflowId: string, ctx: CallContext): Promise<MediaGateView[]> {
  const sources = gateFactSources();
  const workflow = await getWorkflow(sources.client, workflowId, ctx);
  const blobIds = [...new Set(workflow.media.map((item) => item.blobId))].filter(isBlobId);
  const [preferences, grants] = await Promise.all([loadPreferences(user), findRevealGrants(user, blobIds)]);
  const limit = pLimit(8);
  const policy = gatePolicy();
  const now = new Date();
  return Promise.all(
    blobIds.map((blobId) =>
      limit(async () => {
        const facts = await loadGateFacts(sources, blobId, workflowId, ctx);
        const decision = decideGate(facts, { role: user.role, preferences }, policy);
        const grant = grants.get(blobId) ?? null;
        const live = grant !== null && fullBytesAllowed(decision, { userId: user.id, blobId, now }, grant);
        return gateView(blobId, facts, decision, live && !decision.fullBytesWithoutGrant ? grant.expiresAt : null);
      }),
    ),
  );
}
