import type { GateDecision, GateTier } from '@/lib/moderation/gating';
import type { CsamThresholds, ScoreBand } from '@/lib/moderation/scan';
import type { MediaType } from '@/lib/orchestrator/types';

/**
 * The media API as the browser sees it: URL builders and answer shapes, one source for tiles, the lightbox and
 * tests. Plain TypeScript (no server-only). Every URL takes ids only; `workflowId` gives the gate the blob's scan
 * evidence: without it a blob is at least tier 2.
 */

/** What a tile needs to know about one blob before it asks for any pixels (GET /api/media/gates). */
export interface MediaGateView extends GateDecision {
  blobId: string;
  mediaType: MediaType;
  /** This output's own CSAM score (read model), or null when unreadable; and its band. */
  csamPercent: number | null;
  band: ScoreBand;
  /** When this reviewer's live reveal of the blob ends (ISO), or null. */
  revealedUntil: string | null;
  /** The output's own scan evidence (read model), so a reviewer decides on what is in front of them. */
  evidence: OutputEvidence;
  /** Which preview this reviewer gets (lib/media/preview-variant.ts), null when none; goes into the preview URL. */
  previewVariant: string | null;
}

/** What an output's scan says besides its score: null `scan` facts when its job could not be read. */
export interface OutputEvidence {
  /** `job` when the job's scores could not be matched to its outputs: its worst stands for each. */
  csamScope: 'output' | 'job' | null;
  vlm: string[];
  /** VLM findings that name a child: shown as such, never as a neutral tag. */
  childFindings: string[];
  promptFlags: string[];
  blockedReason: string | null;
  nsfwLevel: string;
  /** Why there is no scan evidence, in the moderator's words. */
  scanMissing: string | null;
}

export interface MediaGatesAnswer {
  workflowId: string;
  /** Worst first (the read model's `bySeverity`). */
  gates: MediaGateView[];
  /** The CSAM thresholds in force (percent), for the bars. */
  thresholds: CsamThresholds;
}

/** POST /api/media/[blobId]/reveal → `{ blobId, grant }`; grant null: tier 0, nothing to reveal. */
export interface RevealAnswer {
  blobId: string;
  grant: { blobId: string; tier: GateTier; expiresAt: string; auditedAt: string } | null;
}

/** One reveal of a blob, from the audit log. */
export interface BlobReveal {
  at: string;
  actorName: string | null;
  actorEmail: string | null;
  reason: string | null;
}

/** The browser's view of an audit reveal row: no ids, the time as ISO. */
export function toBlobReveal(reveal: { at: Date; actorName: string | null; actorEmail: string | null; reason: string | null }): BlobReveal {
  return { at: reveal.at.toISOString(), actorName: reveal.actorName, actorEmail: reveal.actorEmail, reason: reveal.reason };
}

/** GET /api/media/[blobId]/viewed-by: who revealed one blob, newest first. */
export interface ViewedByAnswer {
  blobId: string;
  reveals: BlobReveal[];
}

/** GET /api/workflows/[id]/viewed-by: who revealed each of a workflow's outputs, newest first within each. */
export interface WorkflowViewedByAnswer {
  workflowId: string;
  outputs: ViewedByAnswer[];
}

function withWorkflow(path: string, workflowId: string | null, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...(workflowId ? { workflowId } : {}), ...extra });
  return query.size > 0 ? `${path}?${query}` : path;
}

const blobPath = (blobId: string) => `/api/media/${encodeURIComponent(blobId)}`;

export const mediaApi = {
  gates: (workflowId: string) => withWorkflow('/api/media/gates', workflowId),
  /** Full bytes: tier 0, or after a reveal. Videos: use with `preload="none"`; Range is served. */
  media: (blobId: string, workflowId: string | null) => withWorkflow(blobPath(blobId), workflowId),
  /** An audited attachment. */
  download: (blobId: string, workflowId: string | null) => withWorkflow(blobPath(blobId), workflowId, { download: '1' }),
  /**
   * Tier 0 thumbnail or tier 1 blurred preview (webp); 403 for tier 2-3, 415 for video. With the gate's
   * `previewVariant` the answer may be kept by the browser (the URL names exactly what it shows).
   */
  preview: (blobId: string, workflowId: string | null, variant?: string | null) =>
    withWorkflow(`${blobPath(blobId)}/preview`, workflowId, variant ? { v: variant } : {}),
  /** POST JSON `{ reason?: string }`. */
  reveal: (blobId: string, workflowId: string | null) => withWorkflow(`${blobPath(blobId)}/reveal`, workflowId),
  /** GET the reviewer's settings; PUT JSON with the settings to change. */
  preferences: () => '/api/media/preferences',
  viewedBy: (blobId: string) => `${blobPath(blobId)}/viewed-by`,
  workflowViewedBy: (workflowId: string) => `/api/workflows/${encodeURIComponent(workflowId)}/viewed-by`,
} as const;
