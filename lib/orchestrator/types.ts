/**
 * The console's own shapes for what it reads from the Orchestration API: camelCase, enums in one casing, dates as ISO
 * strings, and nothing a browser must not hold (no signed URLs, no token). Types only, so client components can
 * import them; the wire shapes live in schemas.ts and are turned into these by the resource modules.
 */

import type { ErrorKind } from '@/lib/console-error';
import type { NsfwLevel, WorkflowStatus } from './schemas';

export type { WorkflowStatus } from './schemas';

export type MediaType = 'image' | 'video' | 'audio' | 'model3d' | 'unknown';

/** One output blob as the workflow lists it. Its bytes stay behind the console's media gate. */
export interface MediaItem {
  blobId: string;
  mediaType: MediaType;
  /** False: expired or withheld upstream; never fetched. */
  available: boolean;
  /** A wire level, or the raw value when it is not one; null = not rated. Unknown is never safe. */
  nsfwLevel: NsfwLevel | (string & {}) | null;
  blockedReason: string | null;
  jobId: string | null;
  width: number | null;
  height: number | null;
  stepName: string;
}

export interface StepJob {
  id: string;
  status: WorkflowStatus;
  startedAt: string | null;
  completedAt: string | null;
  /** Why a job failed, when the upstream says (no_provider_available, blocked, timeout, ...). */
  reason: string | null;
  blockedReason: string | null;
  cost: number | null;
}

export interface PromptParams {
  prompt: string | null;
  negativePrompt: string | null;
  /** The generation form (txt2img, img2vid, ...) and model family, when the submitter recorded them. */
  form: string | null;
  ecosystem: string | null;
}

export interface WorkflowStep {
  name: string;
  /** The wire `$type`; types this console does not know are kept as they are. */
  type: string;
  known: boolean;
  status: WorkflowStatus;
  startedAt: string | null;
  completedAt: string | null;
  jobs: StepJob[];
  media: MediaItem[];
  /** The step's own prompt (step params first, then its input), else null. */
  params: PromptParams;
  engine: string | null;
  model: string | null;
  /** Errors the step output reports. */
  errors: string[];
  /** `repeat` steps nest one step per item. */
  children: WorkflowStep[];
  input: Record<string, unknown>;
  output: unknown;
}

export interface Workflow {
  id: string;
  /** The Civitai user id from the id's prefix (0 = system); null when the id has no known shape. */
  ownerId: number | null;
  status: WorkflowStatus;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  deletedAt: string | null;
  tags: string[];
  nsfwLevel: NsfwLevel | (string & {}) | null;
  allowMatureContent: boolean | null;
  params: PromptParams;
  metadata: Record<string, unknown>;
  costTotal: number | null;
  steps: WorkflowStep[];
  /** Every media item of every step, flattened, in step order. */
  media: MediaItem[];
  jobCount: number;
}

export interface JobOutput {
  blobKey: string | null;
  available: boolean | null;
}

/** `GET /v1/consumer/jobs/{id}?detailed=true`, read for its scan evidence. */
export interface JobDetail {
  jobId: string;
  workflowId: string | null;
  jobType: string | null;
  /** The last event's type (Succeeded, Failed, ...). */
  lastEvent: string | null;
  lastEventAt: string | null;
  provider: string | null;
  retryAttempt: number | null;
  cost: number | null;
  outputs: JobOutput[];
  model: string | null;
  params: Record<string, unknown>;
  /** `lastEvent.context` as received: scan results are pre-formatted strings (contract §4.4). Null when absent. */
  context: Record<string, unknown> | null;
  /** `job.promptClassificationResult` as received; null when absent. */
  promptClassification: Record<string, unknown> | null;
}

/** What the blob endpoint's redirect says without downloading a byte (contract §11.6). */
export type BlobVisibility = 'viewable' | 'blocked' | 'unavailable';

export interface BlobProbe {
  blobId: string;
  visibility: BlobVisibility;
  /** From `x-nsfw-level`, lower-cased; null when absent. */
  nsfwLevel: NsfwLevel | (string & {}) | null;
  /** Why it is unavailable (404, refused, foreign redirect), in words. */
  note: string | null;
}

/** A failed part of a partial answer. */
export interface PartError {
  kind: ErrorKind;
  message: string;
  retryAfterSeconds?: number;
}

export interface JobRow {
  jobId: string;
  stepName: string;
  /** Null when the lookup failed: no scan evidence, so its media are the highest risk tier. */
  detail: JobDetail | null;
  error: PartError | null;
}

export interface BlobRow {
  blobId: string;
  stepName: string;
  jobId: string | null;
  /** Null when the probe failed: visibility unknown, so the highest risk tier. */
  probe: BlobProbe | null;
  error: PartError | null;
}

export interface WorkflowDrillDown {
  workflow: Workflow;
  jobs: JobRow[];
  blobs: BlobRow[];
  /** True when any job or blob lookup failed; the failed rows say why. */
  partial: boolean;
  missing: { part: 'job' | 'blob'; id: string; kind: ErrorKind; message: string }[];
}

export interface WorkflowPage {
  items: Workflow[];
  /** Opaque, signed; bound to the filters it was made for. Null at the end. */
  next: string | null;
  /** Upstream workflows read to fill this page (more than `items` when filtering by status). */
  scanned: number;
  /** Workflows the upstream sent that the console could not read (malformed, no id): left out, but counted. */
  unreadable: number;
  upstreamCalls: number;
  /** False when the per-request bound on upstream calls stopped the scan before the page was full. */
  filled: boolean;
}

export interface Strike {
  jobId: string | null;
  reason: string | null;
  at: string | null;
  job: {
    id: string | null;
    type: string | null;
    prompt: string | null;
    negativePrompt: string | null;
    resources: string[];
    blobIds: string[];
  } | null;
}

export interface StrikeGroup {
  status: string | null;
  strikes: Strike[];
}

export type UpstreamKind = 'emulator' | 'real';
/** `unknown`: a token is set but the check could not tell (refused credential, upstream down). */
export type TokenClass = 'service' | 'user' | 'none' | 'unknown';

export interface UpstreamStatus {
  reachable: boolean;
  latencyMs: number | null;
  /** Why it is not reachable, in words. */
  problem: string | null;
  breaker: { state: 'closed' | 'open' | 'half_open'; retryAfterSeconds: number; recentFailureRatio: number };
  load: { inFlight: number; waiting: number };
  tokenClass: TokenClass;
  upstreamKind: UpstreamKind;
  databaseKind?: 'pglite' | 'postgres';
  checkedAt: string;
  /** The risk index (lib/risk-index/status.ts adds it; absent where only the upstream was asked). */
  index?: IndexStatus;
}

/** What the risk index holds and how its indexer is doing. */
export interface IndexStatus {
  /** False when INDEX_ENABLED=false: no indexer runs in this process. */
  enabled: boolean;
  workflows: number;
  outputs: number;
  /** Seconds since the follower's last successful poll (any instance); null before its first. */
  followerLagSeconds: number | null;
  /** Every backfill slice is done. */
  backfillDone: boolean;
  /** The most recent error of a unit of work (any instance), or null. */
  lastError: string | null;
}
