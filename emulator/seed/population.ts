import { TERMINAL_STATUSES, type WorkflowStatus } from '../../lib/orchestrator/schemas';
import { idTimestamp } from '../format';
import { Rng } from '../rng';
import type { RiskProfile, WorkflowKind, WorkflowRecord } from './types';
import { ECOSYSTEMS, PROJECTS, VIDEO_ECOSYSTEMS } from './vocab';

/**
 * Who owns the seeded workflows, and the compact record of each one. Users have risk profiles: mostly clean, a few
 * with many mature outputs, a couple with high CSAM scores on some jobs. Two meanings of "a user" are both seeded:
 * Civitai users (the workflow id's owner prefix) and an integrator's end users (`user:<id>` tags on the integrator's
 * own workflows).
 */

/** The integrator whose token is the demo service token (contract §10.3 shows owner 5). */
export const INTEGRATOR_USER_ID = 5;
/** Owner 0: the system's own scan workflows. */
export const SYSTEM_USER_ID = 0;
/** Demo user tokens exist for these two (emulator/tokens.ts). */
export const GALLERY_USER_ID = 8484131;
export const RISKY_USER_ID = 1637892;
/** Scenario workflows sit at the first indices; the rest is generated. */
export const MIN_WORKFLOWS = 50;

export const STATUS_MIX_TAG = 'project:nightly-batch';

export interface Population {
  integrator: number;
  galleryUser: number;
  riskyUser: number;
  matureUser: number;
  cleanUser: number;
  /** Civitai users beyond the named ones, heaviest first. */
  pool: ReadonlyArray<{ id: number; profile: RiskProfile }>;
  endUsers: readonly number[];
  /** The end user whose tag the scenarios name; about 15 % of the integrator's workflows. */
  scenarioEndUser: number;
}

export function makePopulation(seed: number, workflowCount: number): Population {
  const rng = new Rng(seed, 'population');
  const taken = new Set<number>([INTEGRATOR_USER_ID, SYSTEM_USER_ID, GALLERY_USER_ID, RISKY_USER_ID]);
  const freshId = (min: number, max: number) => {
    for (;;) {
      const id = rng.int(min, max);
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
  const matureUser = freshId(1_000_000, 9_999_999);
  const cleanUser = freshId(1_000_000, 9_999_999);
  const poolSize = Math.max(30, Math.round(workflowCount / 20));
  const pool = Array.from({ length: poolSize }, (_, i) => ({
    id: freshId(10_000, 9_999_999),
    // The second pool user is a second high-risk account, so "a couple" of users carry CSAM scores.
    profile: i === 1 ? ('risky' as const) : rng.weighted<RiskProfile>([['clean', 84], ['mature', 12], ['edgy', 4]]),
  }));
  const endUsers = Array.from({ length: Math.max(10, Math.round(workflowCount / 100)) }, () => freshId(10_000, 999_999));
  return {
    integrator: INTEGRATOR_USER_ID,
    galleryUser: GALLERY_USER_ID,
    riskyUser: RISKY_USER_ID,
    matureUser,
    cleanUser,
    pool,
    endUsers,
    scenarioEndUser: endUsers[0] as number,
  };
}

export interface RecordSpec {
  owner: number;
  kind: WorkflowKind;
  profile: RiskProfile;
  status: WorkflowStatus;
  createdMs: number;
  tags: string[];
  endUser?: number;
  ephemeral?: boolean;
  deletedAt?: string | null;
  scenario?: string;
  idShape?: 'classic' | 'suffixed' | 'uuid';
}

const DAY = 86_400_000;

/** The civitai site's tags: `civitai` first, then gen, media, the form key, the ecosystem, the source (contract §5). */
export function civitaiTags(rng: Rng, kind: WorkflowKind): string[] {
  if (kind === 'comfy') return ['civitai-comfy-nodes'];
  if (kind === 'training') return ['civitai', 'training', rng.pick(['kohya', 'ai-toolkit', 'musubi'])];
  if (kind === 'video') return ['civitai', 'gen', 'vid', rng.pick(['txt2vid', 'img2vid']), rng.pick(VIDEO_ECOSYSTEMS), 'source:new'];
  const tags = ['civitai', 'gen', 'img', rng.pick(['txt2img', 'txt2img', 'img2img']), rng.pick(ECOSYSTEMS)];
  tags.push(kind === 'legacy' ? 'source:legacy' : 'source:new');
  if (rng.chance(0.05)) tags.push('favorite');
  if (rng.chance(0.04)) tags.push(rng.pick(['feedback:liked', 'feedback:disliked']));
  return tags;
}

export function integratorTags(rng: Rng, endUser: number, type: 'image' | 'video' | 'training'): string[] {
  return [`user:${endUser}`, `project:${rng.pick(PROJECTS)}`, `type:${type}`];
}

// Weight tables, built once: drawing from them runs once per seeded workflow.
type Table<T> = ReadonlyArray<readonly [T, number]>;
type OwnerGroup = 'integrator' | 'system' | 'gallery' | 'risky' | 'mature' | 'clean' | 'pool';
const OWNER_GROUPS: Table<OwnerGroup> = [['integrator', 35], ['system', 5], ['gallery', 2], ['risky', 1.5], ['mature', 3], ['clean', 2], ['pool', 51.5]];
const STATUSES: Table<WorkflowStatus> = [
  ['succeeded', 80], ['failed', 9], ['expired', 3], ['canceled', 3], ['processing', 2], ['scheduled', 1], ['preparing', 1], ['unassigned', 1],
];
const STATUS_MIX: Table<WorkflowStatus> = [['succeeded', 70], ['failed', 20], ['expired', 5], ['canceled', 5]];
const CIVITAI_KINDS: Table<WorkflowKind> = [
  // Training sits right after image and takes its share from it, so adding it left every other draw as it was.
  ['image', 58], ['training', 2], ['textToImage', 10], ['video', 12], ['comfy', 6], ['customComfy', 4], ['legacy', 3], ['unknownStep', 1],
];
type IdShape = NonNullable<RecordSpec['idShape']>;
const MACHINE_ID_SHAPES: Table<IdShape> = [['classic', 70], ['uuid', 30]];
const CIVITAI_ID_SHAPES: Table<IdShape> = [['classic', 80], ['suffixed', 10], ['uuid', 10]];

function genericSpec(rng: Rng, population: Population, anchorMs: number): RecordSpec {
  const group = rng.weighted(OWNER_GROUPS);
  const status = rng.weighted(STATUSES);
  const createdMs = TERMINAL_STATUSES.has(status)
    ? anchorMs - rng.int(60_000, 120 * DAY)
    : anchorMs - rng.int(5_000, 15 * 60_000);

  if (group === 'integrator') {
    const endUser = rng.chance(0.15) ? population.scenarioEndUser : rng.pick(population.endUsers);
    // One roll decides the kind: a quarter video, then a small share of LoRA trainings (moderation gates).
    const roll = rng.next();
    const video = roll < 0.25;
    const training = !video && roll < 0.28;
    const tags = integratorTags(rng, endUser, video ? 'video' : training ? 'training' : 'image');
    let finalStatus = status;
    if (TERMINAL_STATUSES.has(status) && rng.chance(0.2)) {
      // The status-mix batch: about one in five failed, so status filtering has something to show.
      tags[1] = STATUS_MIX_TAG;
      finalStatus = rng.weighted(STATUS_MIX);
    }
    return {
      owner: population.integrator,
      kind: video ? 'integratorVideo' : training ? 'training' : 'integratorImage',
      profile: 'integrator',
      status: finalStatus,
      createdMs,
      tags,
      endUser,
      idShape: rng.weighted(MACHINE_ID_SHAPES),
    };
  }
  if (group === 'system') {
    return {
      owner: SYSTEM_USER_ID,
      kind: rng.chance(0.7) ? 'imageScan' : 'videoScan',
      profile: 'system',
      status: TERMINAL_STATUSES.has(status) ? status : 'succeeded',
      createdMs,
      tags: [],
      idShape: rng.weighted(MACHINE_ID_SHAPES),
    };
  }
  const [owner, profile] = civitaiOwner(rng, group, population);
  const kind = rng.weighted(CIVITAI_KINDS);
  const legacy = kind === 'legacy';
  return {
    owner,
    kind,
    profile,
    status: legacy && !TERMINAL_STATUSES.has(status) ? 'succeeded' : status,
    createdMs: legacy ? anchorMs - rng.int(200 * DAY, 600 * DAY) : createdMs,
    tags: civitaiTags(rng, kind),
    idShape: rng.weighted(CIVITAI_ID_SHAPES),
  };
}

function civitaiOwner(rng: Rng, group: string, population: Population): [number, RiskProfile] {
  switch (group) {
    case 'gallery':
      return [population.galleryUser, 'mature'];
    case 'risky':
      return [population.riskyUser, 'risky'];
    case 'mature':
      return [population.matureUser, 'mature'];
    case 'clean':
      return [population.cleanUser, 'clean'];
    default: {
      // Squaring skews toward the first users: a few heavy users, a long tail.
      const user = population.pool[Math.floor(rng.next() ** 2 * population.pool.length)] as { id: number; profile: RiskProfile };
      return [user.id, user.profile];
    }
  }
}

function workflowId(rng: Rng, owner: number, createdMs: number, shape: RecordSpec['idShape']): string {
  if (shape === 'uuid') {
    const time = createdMs.toString(16).padStart(12, '0');
    const rand = rng.hex(18);
    const variant = '89ab'[rng.int(0, 3)];
    return `${owner}-${time.slice(0, 8)}-${time.slice(8)}-7${rand.slice(0, 3)}-${variant}${rand.slice(3, 6)}-${rand.slice(6, 18)}`;
  }
  const base = `${owner}-${idTimestamp(createdMs)}`;
  return shape === 'suffixed' ? `${base}-${rng.hex(4)}` : base;
}

/** Builds every record: scenario specs first, then generated ones; ids are unique, classic ids match `createdAt` to the ms. */
export function makeRecords(
  seed: number,
  count: number,
  population: Population,
  anchorMs: number,
  scenarioSpecs: readonly RecordSpec[],
): WorkflowRecord[] {
  const ids = new Set<string>();
  // Most workflows share a handful of tag lists: one array each keeps 100,000 records small.
  const tagLists = new Map<string, string[]>();
  const intern = (tags: string[]) => {
    const key = tags.join('\u0000');
    const known = tagLists.get(key);
    if (known) return known;
    tagLists.set(key, tags);
    return tags;
  };
  const records: WorkflowRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const rng = new Rng(seed, 'record', index);
    const scenario = scenarioSpecs[index];
    const spec = scenario ?? genericSpec(rng, population, anchorMs);
    // Scenario instants are whole minutes before the anchor; a few seconds of noise make their ids look like the rest.
    let createdMs = scenario ? spec.createdMs - rng.int(0, 9_999) : spec.createdMs;
    let id = workflowId(rng, spec.owner, createdMs, spec.idShape ?? 'classic');
    while (ids.has(id)) {
      createdMs += 1;
      id = workflowId(rng, spec.owner, createdMs, spec.idShape ?? 'classic');
    }
    ids.add(id);
    records.push({
      index,
      id,
      owner: spec.owner,
      createdMs,
      createdSub: rng.int(0, 9999),
      status: spec.status,
      kind: spec.kind,
      profile: spec.profile,
      tags: intern(spec.tags),
      endUser: spec.endUser,
      ephemeral: spec.ephemeral ?? false,
      deletedAt: spec.deletedAt ?? null,
      scenario: spec.scenario,
    });
  }
  return records;
}
