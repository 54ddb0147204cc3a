import type { NsfwLevel, WorkflowStatus } from '../../lib/orchestrator/schemas';
import type { NearDuplicateLook } from '../near-duplicates';

/** Who a workflow belongs to, which decides the content of its outputs. */
export type RiskProfile = 'clean' | 'mature' | 'edgy' | 'risky' | 'integrator' | 'system';

export type WorkflowKind =
  | 'image'
  | 'textToImage'
  | 'video'
  | 'comfy'
  | 'customComfy'
  | 'legacy'
  | 'unknownStep'
  | 'integratorImage'
  | 'integratorVideo'
  | 'imageScan'
  | 'videoScan'
  | 'training';

/** The compact, always-resident row of one workflow: what queries filter on. Everything else is rebuilt on demand. */
export interface WorkflowRecord {
  index: number;
  id: string;
  owner: number;
  createdMs: number;
  /** 100 ns units below the millisecond, for 7-digit timestamps. */
  createdSub: number;
  status: WorkflowStatus;
  kind: WorkflowKind;
  profile: RiskProfile;
  tags: string[];
  /** The integrator's end user (`user:<id>` tag). */
  endUser?: number;
  ephemeral: boolean;
  deletedAt: string | null;
  /** A scenario that plans this workflow by hand. */
  scenario?: string;
  /** Lower-cased metadata JSON, computed on the first text query. */
  searchText?: string;
}

/** `missing`: the blob has no nsfwLevel field at all. */
export type LevelPlan = NsfwLevel | 'missing';

export interface BlobPlan {
  type: 'image' | 'video';
  level: LevelPlan;
  blockedReason?: string | null;
  available?: boolean;
  /** Hive CSAM score in percent (0-100). */
  csam: number;
  extension?: string;
  width?: number;
  height?: number;
  /** A member of a near-duplicate family (emulator/near-duplicates.ts). */
  nearDuplicate?: NearDuplicateLook;
}

export interface JobPlan {
  blobs: BlobPlan[];
  status?: WorkflowStatus;
  reason?: string | null;
  blockedReason?: string | null;
  /** Set the prompt-classification flags to these instead of deriving them. */
  flags?: Record<string, boolean>;
}

export interface StepPlan {
  $type: string;
  name: string;
  jobs: JobPlan[];
  input: Record<string, unknown>;
  /** Where the blobs go in `output`. */
  shape: 'images' | 'blobs' | 'customComfy' | 'video' | 'frames' | 'rating' | 'tagging' | 'hash' | 'repeat' | 'training' | 'unknown';
  status?: WorkflowStatus;
  nested?: StepPlan[];
  jobType: string;
  metadata?: Record<string, unknown>;
  /** The output of a step that makes no blobs (ratings, tags, hashes, unknown types). */
  output?: Record<string, unknown>;
  /** A training step's moderation gate (v2 casing; the manager API writes it PascalCase). */
  moderationStatus?: TrainingModerationStatus;
}

export type TrainingModerationStatus = 'evaluating' | 'underReview' | 'approved' | 'rejected';

export interface WorkflowPlan {
  steps: StepPlan[];
  metadata: Record<string, unknown>;
  arguments: Record<string, unknown>;
  prompt: string;
  negativePrompt: string;
  model: string;
  legacyIds?: boolean;
  allowMatureContent: boolean;
  callbacks: Array<{ url: string; type: string[]; detailed: boolean | null }>;
  currencies: string[];
  externalId: string | null;
}

/** What the emulator knows about a blob beyond its wire form: the scan facts behind `lastEvent.context`. */
export interface BlobFact {
  id: string;
  workflowIndex: number;
  workflowId: string;
  owner: number;
  jobId: string;
  type: 'image' | 'video';
  extension: string;
  contentType: string;
  width: number;
  height: number;
  nsfwLevel: NsfwLevel | undefined;
  blockedReason: string | null;
  available: boolean;
  csamScore: number;
  nearDuplicate?: NearDuplicateLook;
}

export interface JobFact {
  id: string;
  workflowIndex: number;
  stepName: string;
  jobType: string;
  provider: string;
  workerId: string;
  createdMs: number;
  claimMs: number;
  durationMs: number;
  cost: number;
  blobs: BlobFact[];
  promptClassification: Record<string, boolean>;
  prompt: string;
  negativePrompt: string;
  params: Record<string, unknown>;
  model: string;
  retryAttempt: number;
  blockedReason: string | null;
}

/** A workflow rebuilt from its record: its v2 wire form (blob URLs carry an origin placeholder) and its facts. */
export interface WorkflowModel {
  record: WorkflowRecord;
  workflow: Record<string, unknown>;
  jobs: Map<string, JobFact>;
  blobs: Map<string, BlobFact>;
}
