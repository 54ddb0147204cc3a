import 'server-only';
import type { SessionUser } from '@/lib/auth/session-user';
import { appendAudit, appendRefusalAudit } from '@/lib/audit/audit';
import type { RequestMeta } from '@/lib/request/request-meta';
import { gatePolicy } from '@/lib/moderation/config';
import { decideGate, fullBytesAllowed, type GateDecision } from '@/lib/moderation/gating';
import type { ReviewerPreferences } from '@/lib/moderation/preferences';
import type { OutputRisk } from '@/lib/moderation/read-model';
import { loadPreferences } from '@/lib/moderation/preferences-store';
import { findRevealGrants, grantReveal, type RevealGrant } from '@/lib/moderation/reveal';
import type { CallContext } from '@/lib/orchestrator/client';
import type { MediaGateView, OutputEvidence } from './api';
import { mediaHeaders, mediaProblem } from './headers';
import { mediaUpstream, placementSources } from './console-media';
import { placeAndRead, type PlacedFacts } from './placement';
import { renderPreview } from './preview';
import { renderedPreviews } from './preview-cache';
import { previewVariant } from './preview-variant';

/**
 * What the media routes and the reveal action do, in the order the gate needs: facts, the viewer's decision, the
 * grant check, then (only then) an upstream byte. Everything returns a Response or throws an error with a kind;
 * lib/http/media-route.ts maps those.
 */

export interface MediaRequest {
  user: SessionUser;
  blobId: string;
  /** The browser's hint of the blob's workflow: tried after the index, and only counts if that workflow lists it. */
  workflowId: string | null;
  request: Request;
  ctx: CallContext;
  meta: RequestMeta;
}

/** Originals above this are not previewed (each render holds one in memory). */
const PREVIEW_SOURCE_MAX_BYTES = 40 * 1024 * 1024;

interface ViewerDecision {
  facts: PlacedFacts;
  preferences: ReviewerPreferences;
  decision: GateDecision;
}

async function decideFor(user: SessionUser, blobId: string, hintWorkflowId: string | null, ctx: CallContext): Promise<ViewerDecision> {
  const [facts, preferences] = await Promise.all([
    placeAndRead(placementSources(), blobId, hintWorkflowId, ctx),
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
async function recordDenied(request: MediaRequest, { facts, decision }: ViewerDecision): Promise<void> {
  await appendRefusalAudit({
    actor: request.user,
    action: 'access_denied',
    targetType: 'blob',
    targetId: request.blobId,
    workflowId: facts.workflowId,
    detail: { tier: decision.tier, requires: decision.revealRequires },
    ...request.meta,
  });
}

/** GET /api/media/[blobId]: the full bytes (or one range), for tier 0 or with a live grant. */
export async function serveMedia(request: MediaRequest): Promise<Response> {
  const viewed = await decideFor(request.user, request.blobId, request.workflowId, request.ctx);
  const { decision, facts } = viewed;
  if (!decision.available) return gatedProblem(decision);
  const grant = decision.fullBytesWithoutGrant ? null : ((await findRevealGrants(request.user, [request.blobId])).get(request.blobId) ?? null);
  if (!fullBytesAllowed(decision, { userId: request.user.id, blobId: request.blobId, now: new Date() }, grant)) {
    await recordDenied(request, viewed);
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
      workflowId: facts.workflowId,
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

/**
 * GET /api/media/[blobId]/preview: a small webp, blurred in the pixels for tier 1; nothing for tier 2-3. The gate is
 * decided on every request; only the rendering is kept (per blob and variant), and the browser may keep the answer
 * when the URL's `v` names the variant decided now.
 */
export async function servePreview(request: MediaRequest): Promise<Response> {
  const { decision, preferences } = await decideFor(request.user, request.blobId, request.workflowId, request.ctx);
  const variant = previewVariant(decision, preferences);
  if (variant === null) return gatedProblem(decision);
  const rendered = await renderedPreviews().get(request.blobId, variant, async () => {
    const { bytes, stream } = await mediaUpstream().readAll(request.blobId, PREVIEW_SOURCE_MAX_BYTES, request.request.signal);
    if (!stream.contentType.startsWith('image/')) return { ok: false, reason: 'not_image' } as const;
    const preview = await renderPreview(
      bytes,
      decision.tier === 0 ? { blur: null, grayscale: false } : { blur: preferences.blurStrength, grayscale: preferences.grayscale },
    );
    return preview.ok ? { ok: true, bytes: preview.bytes, contentType: preview.contentType, withheld: stream.withheld } : preview;
  });
  if (!rendered.ok && rendered.reason === 'not_image') {
    return mediaProblem(415, { kind: 'no_preview', title: 'Videos have no preview; reveal to play.' });
  }
  if (!rendered.ok) return mediaProblem(422, { kind: 'no_preview', title: 'No preview can be made of this media.' });
  const named = new URL(request.request.url).searchParams.get('v') === variant;
  return new Response(new Uint8Array(rendered.bytes), {
    status: 200,
    headers: mediaHeaders({
      contentType: rendered.contentType,
      contentLength: rendered.bytes.length,
      withheld: rendered.withheld,
      ...(named ? { immutable: { etag: rendered.etag } } : {}),
    }),
  });
}

/** POST /api/media/[blobId]/reveal and the reveal server action. Throws RevealError. */
export async function revealMedia(request: Omit<MediaRequest, 'request'> & { reason?: string }): Promise<RevealGrant | null> {
  const { decision, facts } = await decideFor(request.user, request.blobId, request.workflowId, request.ctx);
  return grantReveal({
    user: request.user,
    blobId: request.blobId,
    workflowId: facts.workflowId,
    reason: request.reason,
    decision,
    meta: request.meta,
  });
}

/** One tile's gate for this reviewer, with the output's own score and the reviewer's live reveal (if any). */
export function gateView(
  output: Pick<OutputRisk, 'blobId' | 'mediaType' | 'band' | 'scan' | 'blockedReason' | 'nsfwLevel' | 'scanMissing'>,
  decision: GateDecision,
  request: { userId: string; now: Date },
  grant: Parameters<typeof fullBytesAllowed>[2],
  preferences: ReviewerPreferences,
): MediaGateView {
  const { blobId, mediaType, band } = output;
  const live = grant !== null && !decision.fullBytesWithoutGrant && fullBytesAllowed(decision, { ...request, blobId }, grant);
  return {
    ...decision,
    blobId,
    mediaType,
    band,
    csamPercent: output.scan?.csamPercent ?? null,
    revealedUntil: live ? grant.expiresAt.toISOString() : null,
    evidence: outputEvidence(output),
    previewVariant: previewVariant(decision, preferences),
  };
}

/** The output's own block and level first (the blob's), else its job scan's. */
function outputEvidence(output: Pick<OutputRisk, 'scan' | 'blockedReason' | 'nsfwLevel' | 'scanMissing'>): OutputEvidence {
  const { scan } = output;
  return {
    csamScope: scan?.csamScope ?? null,
    vlm: scan?.vlm ?? [],
    childFindings: scan?.childFindings ?? [],
    promptFlags: scan?.promptFlags ?? [],
    blockedReason: output.blockedReason ?? scan?.blockedReason ?? null,
    nsfwLevel: output.nsfwLevel !== 'unscanned' ? output.nsfwLevel : (scan?.nsfwLevel ?? 'unscanned'),
    scanMissing: output.scanMissing,
  };
}
