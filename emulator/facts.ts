import { FAILED_STATUSES, type WorkflowStatus } from '../lib/orchestrator/schemas';
import { NEAR_DUPLICATE_EDITS, NEAR_DUPLICATE_FAMILIES } from './near-duplicates';
import { GALLERY_ROLES, HOSTILE_PROMPT, nearDuplicateKey, STATUS_MIX_TAG, type GalleryBlob, type Scenarios } from './scenarios';
import type { Store } from './store';
import type { WorkflowRecord } from './seed/types';
import { dotnetDate } from './format';

/** Reads the published scenario facts off the store (counts are over what consumer reads can see). */
export function scenarioFacts(store: Store, tokens: Scenarios['tokens']): Scenarios {
  const { population } = store;
  const visible = store.records.filter((record) => !store.isGone(record));
  const countOwner = (owner: number) => visible.filter((record) => record.owner === owner).length;
  const jobIds = (record: WorkflowRecord) => [...store.model(record).jobs.keys()];
  const stepNames = (record: WorkflowRecord) => ((store.model(record).workflow.steps as Array<{ name: string }>) ?? []).map((step) => step.name);

  const gallery = store.scenario('gallery');
  const galleryModel = store.model(gallery);
  // One blob per job, in plan order: image roles then the video.
  const galleryBlobs: GalleryBlob[] = [...galleryModel.blobs.values()].map((blob, i) => ({
    role: GALLERY_ROLES[i] as string,
    blobId: blob.id,
    jobId: blob.jobId,
    type: blob.type,
    nsfwLevel: blob.nsfwLevel ?? null,
    blockedReason: blob.blockedReason,
    available: blob.available,
    csamScore: blob.csamScore,
  }));

  const risky = store.scenario('riskyUser');
  const [aboveJobId, nearJobId] = jobIds(risky);
  const strikeCount = store
    .recordsOf(population.riskyUser)
    .flatMap((record) => [...store.model(record).jobs.values()])
    .filter((job) => job.blobs.some((blob) => blob.csamScore >= 50) || (job.blockedReason?.startsWith('Child') ?? false)).length;

  const mix = visible.filter((record) => record.owner === population.integrator && record.tags.includes(STATUS_MIX_TAG));
  const byStatus: Partial<Record<WorkflowStatus, number>> = {};
  for (const record of mix) byStatus[record.status] = (byStatus[record.status] ?? 0) + 1;

  const legacy = store.scenario('legacy');
  const legacyModel = store.model(legacy);
  const failed = store.scenario('failedWithReason');
  const pick = (key: string) => {
    const record = store.scenario(key);
    return { workflowId: record.id, owner: record.owner };
  };
  const endUserTag = `user:${population.scenarioEndUser}`;

  return {
    seed: store.seed,
    workflows: store.size,
    anchor: dotnetDate(store.anchorMs),
    tokens,
    integrator: { userId: population.integrator },
    gallery: {
      workflowId: gallery.id,
      owner: gallery.owner,
      blobs: galleryBlobs,
      byRole: Object.fromEntries(galleryBlobs.map((blob) => [blob.role, blob])),
    },
    drillDown24: { ...pick('drillDown24'), jobCount: jobIds(store.scenario('drillDown24')).length, stepNames: stepNames(store.scenario('drillDown24')) },
    riskyUser: {
      userId: population.riskyUser,
      workflowCount: countOwner(population.riskyUser),
      workflowId: risky.id,
      aboveJobId: aboveJobId as string,
      nearJobId: nearJobId as string,
      strikeCount,
    },
    matureUser: { userId: population.matureUser, workflowCount: countOwner(population.matureUser) },
    cleanUser: { userId: population.cleanUser, workflowCount: countOwner(population.cleanUser) },
    endUserTag: {
      tag: endUserTag,
      endUserId: population.scenarioEndUser,
      integratorUserId: population.integrator,
      workflowCount: visible.filter((record) => record.owner === population.integrator && record.tags.includes(endUserTag)).length,
    },
    statusMix: {
      tag: STATUS_MIX_TAG,
      ownerUserId: population.integrator,
      total: mix.length,
      byStatus,
      excludeFailedTotal: mix.filter((record) => !FAILED_STATUSES.has(record.status)).length,
    },
    processing: pick('processing'),
    processingVideo: pick('processingVideo'),
    unknownStep: { ...pick('unknownStep'), stepName: '$1', stepType: 'somethingNew' },
    deleted: pick('deleted'),
    ephemeral: pick('ephemeral'),
    hostileText: { ...pick('hostileText'), prompt: HOSTILE_PROMPT },
    legacy: { ...pick('legacy'), jobId: jobIds(legacy)[0] as string, blobId: [...legacyModel.blobs.keys()][0] as string },
    customComfy: pick('customComfy'),
    imageScan: { workflowId: store.scenario('imageScan').id },
    videoScan: { workflowId: store.scenario('videoScan').id },
    failedWithReason: { ...pick('failedWithReason'), jobId: jobIds(failed)[0] as string, reason: 'no_provider_available' },
    pendingGate: { ...pick('pendingGate'), stepName: '0' },
    nearDuplicates: Array.from({ length: NEAR_DUPLICATE_FAMILIES }, (_, family) => {
      const members = NEAR_DUPLICATE_EDITS.map((_, member) => store.scenario(nearDuplicateKey(family, member)));
      return {
        blobIds: members.map((record) => [...store.model(record).blobs.keys()][0] as string),
        workflowIds: members.map((record) => record.id),
        owners: members.map((record) => record.owner),
        endUsers: members.map((record) => record.endUser!),
      };
    }),
  };
}
