import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type GalleryBlob, type RunningEmulator } from '@/emulator/index';
import type { LogFields, LogLevel } from '@/lib/log';
import { decideGate, type GateTier } from '@/lib/moderation/gating';
import { DEFAULT_PREFERENCES } from '@/lib/moderation/preferences';
import { createOrchestratorClient, type OrchestratorClient } from '@/lib/orchestrator/client';
import { rejection } from '@/test/rejection';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import { createPlacementCache, placeAndRead, type PlacementSources } from './placement';
import { readStream } from '@/test/fake-media-upstream';
import { MediaError, MediaUpstream } from './upstream-blob';

/** The media transport and the gate facts against the emulator, as the console runs them. */

let emulator: RunningEmulator;
let media: MediaUpstream;
let client: OrchestratorClient;
let token: string;
let logs: string[];
const thresholds = { near: 10, above: 50 };

const blob = (role: string): GalleryBlob => {
  const found = emulator.control.scenarios.gallery.byRole[role];
  if (!found) throw new Error(`no gallery blob ${role}`);
  return found;
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const contentCalls = () => emulator.control.calls({ path: /^\/v2\/consumer\/blobs\/(content|blocked)\// });
const blobCalls = (id: string) => emulator.control.calls({ path: `^/v2/consumer/blobs/${id.replace('.', '\\.')}$` });
const failure = (promise: Promise<unknown>) => rejection(promise, MediaError);

beforeAll(async () => {
  emulator = await startEmulator({ workflows: 40 });
  token = emulator.control.scenarios.tokens.service;
  client = createOrchestratorClient({ baseUrl: emulator.url, token, log: () => {} });
});

afterAll(async () => {
  await media?.close();
  await emulator.close();
});

beforeEach(async () => {
  await media?.close();
  logs = [];
  media = new MediaUpstream({
    baseUrl: emulator.url,
    token,
    locationCacheMs: 0,
    maxBytes: 4 * 1024 * 1024,
    log: (level: LogLevel, event: string, fields?: LogFields) => logs.push(JSON.stringify({ level, event, ...fields })),
  });
  emulator.control.clearFaults();
  emulator.control.clearCalls();
});

describe('MediaUpstream against the emulator', () => {
  it('streams exactly the blob’s bytes; the bearer reaches the blob endpoint and never the content URL (F-12)', async () => {
    const pg = blob('level:pg');
    const stream = await media.open(pg.blobId);
    const bytes = await readStream(stream.body);
    const readout = await emulator.control.blobAsync(pg.blobId);
    expect(sha256(bytes)).toBe(readout!.sha256);
    expect(stream).toMatchObject({ status: 200, contentType: readout!.contentType, withheld: false });
    expect(blobCalls(pg.blobId).map((call) => call.authorizationHeader)).toEqual([true]);
    expect(contentCalls().map((call) => call.authorizationHeader)).toEqual([false]);
  });

  it('a blocked blob resolves to the orchestrator’s placeholder, never its original bytes', async () => {
    const blocked = blob('blocked:ChildReference');
    const stream = await media.open(blocked.blobId);
    expect(stream.withheld).toBe(true);
    const bytes = await readStream(stream.body);
    expect(sha256(bytes)).not.toBe((await emulator.control.blobAsync(blocked.blobId))!.sha256);
  });

  it('serves a video range as 206 with its Content-Range', async () => {
    const video = blob('video');
    const readout = (await emulator.control.blobAsync(video.blobId))!;
    const stream = await media.open(video.blobId, { range: 'bytes=0-1023' });
    expect(stream).toMatchObject({ status: 206, contentType: 'video/mp4', contentRange: `bytes 0-1023/${readout.bytes}` });
    expect((await readStream(stream.body)).length).toBe(1024);
  });

  it('F-26: a redirect to the metadata address is refused and nothing follows it', async () => {
    emulator.control.setFaults([{ path: '^/v2/consumer/blobs/[^/]+$', kind: 'redirect' }]);
    expect((await failure(media.open(blob('level:pg').blobId))).kind).toBe('refused_target');
    expect(contentCalls()).toEqual([]);
    expect(logs.some((line) => line.includes('security.media_redirect_refused'))).toBe(true);
  });

  it('F-28: content served as text/html or with no type is refused', async () => {
    for (const contentType of ['text/html; charset=utf-8', 'image/svg+xml', '']) {
      emulator.control.setFaults([{ path: '^/v2/consumer/blobs/content/', kind: 'contentType', contentType }]);
      expect((await failure(media.open(blob('level:pg').blobId))).kind, contentType).toBe('unsupported_type');
    }
  });

  it('F-29: a body over the byte cap is refused', async () => {
    emulator.control.setFaults([{ path: '^/v2/consumer/blobs/content/', kind: 'bigBody', bytes: 8 * 1024 * 1024, contentType: 'video/mp4' }]);
    const error = await media.open(blob('video').blobId).then(
      (stream) => readStream(stream.body).then(() => undefined, (caught: unknown) => caught),
      (caught: unknown) => caught,
    );
    expect((error as MediaError).kind).toBe('too_large');
  });

  it('F-25: one expired content URL is re-resolved once; a second refusal ends at two content calls', async () => {
    const pg = blob('level:pg');
    emulator.control.setFaults([{ path: '^/v2/consumer/blobs/content/', kind: 'status', status: 403, times: 1 }]);
    await readStream((await media.open(pg.blobId)).body);
    expect(contentCalls().map((call) => call.status)).toEqual([403, 200]);
    expect(blobCalls(pg.blobId)).toHaveLength(2);

    emulator.control.clearCalls();
    emulator.control.setFaults([{ path: '^/v2/consumer/blobs/content/', kind: 'status', status: 403 }]);
    expect((await failure(media.open(pg.blobId))).kind).toBe('expired');
    expect(contentCalls()).toHaveLength(2);
  });

  it('F-12: an upstream error that echoes the request never carries the token out', async () => {
    emulator.control.setFaults([{ path: '^/v2/consumer/blobs/[^/]+$', kind: 'status', status: 500, body: `Authorization: Bearer ${token}` }]);
    const error = await failure(media.open(blob('level:pg').blobId));
    expect(error.kind).toBe('upstream_unavailable');
    expect(JSON.stringify({ message: error.message, logs })).not.toContain(token);
  });
});

describe('placing a blob and reading its facts (the gate never trusts the browser)', () => {
  const viewer = { role: 'moderator' as const, preferences: DEFAULT_PREFERENCES };
  const index = new Map<string, string>();
  const sources = (overrides: Partial<PlacementSources> = {}): PlacementSources => ({
    client,
    thresholds,
    placeBlob: async (blobId) => (index.has(blobId) ? { workflowId: index.get(blobId)! } : null),
    hashMatches: async () => [],
    ...overrides,
  });
  const tierOf = async (blobId: string, hint: string | null, from = sources()): Promise<GateTier> =>
    decideGate(await placeAndRead(from, blobId, hint), viewer).tier;

  beforeEach(() => index.clear());

  it.each([
    ['level:pg', 0],
    ['level:pg13', 0],
    ['level:r', 1],
    ['level:x', 1],
    ['level:xxx', 2],
    ['level:na', 2],
    ['level:missing', 2],
    ['blocked:ChildReference', 3],
    ['blocked:Child Sexual - Anime', 3],
    ['blocked:Child Sexual - Realistic', 3],
    ['blocked:Bestiality', 2],
    ['blocked:MatureContent', 2],
    ['csam:above', 3],
    ['csam:near', 2],
    ['video', 1],
  ] as const)('%s placed through the index, with no hint → tier %d', async (role, tier) => {
    index.set(blob(role).blobId, emulator.control.scenarios.gallery.workflowId);
    expect(await tierOf(blob(role).blobId, null)).toBe(tier);
  });

  it('a verified hint places a blob the index has not seen', async () => {
    expect(await tierOf(blob('level:pg').blobId, emulator.control.scenarios.gallery.workflowId)).toBe(0);
  });

  it('a pg blob matching an imported hash list is hard-gated, the list and label among the reasons, even from the cache', async () => {
    const pg = blob('level:pg').blobId;
    const gallery = emulator.control.scenarios.gallery.workflowId;
    const cached = sources({ cache: createPlacementCache() });
    expect(await tierOf(pg, gallery, cached)).toBe(0);
    const match = { listId: 'l1', listName: 'Known bad', label: 'Series A', distance: 12 };
    const matched = { ...cached, hashMatches: async (blobId: string) => (blobId === pg ? [match] : []) };
    const decision = decideGate(await placeAndRead(matched, pg, gallery), viewer);
    expect(decision).toMatchObject({ tier: 3, fullBytesWithoutGrant: false, previewAllowed: false });
    expect(decision.reasons).toContain('Hash list match: Known bad — Series A (distance 12)');
  });

  it('an unavailable blob is known as such', async () => {
    const facts = await placeAndRead(sources(), blob('unavailable').blobId, emulator.control.scenarios.gallery.workflowId);
    expect(facts.available).toBe(false);
  });

  it('a blob nobody can place is hard-gated: no workflow, or a workflow that does not list it', async () => {
    const pg = blob('level:pg').blobId;
    const alone = await placeAndRead(sources(), pg, null);
    expect(alone).toMatchObject({ workflowId: null, scan: null });
    expect(decideGate(alone, viewer).tier).toBe(3);
    expect(await tierOf(pg, emulator.control.scenarios.drillDown24.workflowId)).toBe(3);
  });

  it('the index wins over a hint: naming a clean workflow cannot lower a blob placed elsewhere', async () => {
    const above = blob('csam:above').blobId;
    index.set(above, emulator.control.scenarios.gallery.workflowId);
    expect(await tierOf(above, emulator.control.scenarios.drillDown24.workflowId)).toBe(3);
  });

  it("each output is gated on its own score: a 3.12 % output beside a 61.50 % one is not hard-gated", async () => {
    const { riskyUser } = emulator.control.scenarios;
    const workflow = await getWorkflow(client, riskyUser.workflowId);
    const [low, high] = workflow.media.filter((item) => item.jobId === riskyUser.aboveJobId);
    const lowFacts = await placeAndRead(sources(), low!.blobId, riskyUser.workflowId);
    expect(lowFacts.scan).toMatchObject({ csamPercent: 3.12, csamBand: 'below', csamScope: 'output' });
    expect(decideGate(lowFacts, viewer).tier).toBeLessThan(3);
    const highFacts = await placeAndRead(sources(), high!.blobId, riskyUser.workflowId);
    expect(highFacts.scan).toMatchObject({ csamPercent: 61.5, csamBand: 'above' });
    expect(decideGate(highFacts, viewer).tier).toBe(3);
  });

  it('answers a repeated question from memory', async () => {
    const cache = createPlacementCache();
    const pg = blob('level:pg').blobId;
    await tierOf(pg, emulator.control.scenarios.gallery.workflowId, sources({ cache }));
    emulator.control.clearCalls();
    const fresh = createOrchestratorClient({ baseUrl: emulator.url, token, log: () => {} });
    await placeAndRead(sources({ client: fresh, cache }), pg, emulator.control.scenarios.gallery.workflowId);
    expect(emulator.control.calls()).toEqual([]);
  });

  it('a failed job lookup hard-gates the blob (tier 3), and is not remembered', async () => {
    const cache = createPlacementCache();
    const from = sources({ client: createOrchestratorClient({ baseUrl: emulator.url, token, maxAttempts: 1, log: () => {} }), cache });
    const pg13 = blob('level:pg13').blobId;
    index.set(pg13, emulator.control.scenarios.gallery.workflowId);
    emulator.control.setFaults([{ path: '^/v1/consumer/jobs/', kind: 'status', status: 500 }]);
    const facts = await placeAndRead(from, pg13, null);
    expect(facts.scan).toBeNull();
    expect(decideGate(facts, viewer).tier).toBe(3);
    emulator.control.clearFaults();
    expect(decideGate(await placeAndRead(from, pg13, null), viewer).tier).toBe(0);
  });

  it('an index that cannot be read falls back to the hint, never to a lower tier', async () => {
    const broken = sources({ placeBlob: async () => Promise.reject(new Error('database down')) });
    expect(await tierOf(blob('csam:above').blobId, emulator.control.scenarios.gallery.workflowId, broken)).toBe(3);
    expect(await tierOf(blob('level:pg').blobId, null, broken)).toBe(3);
  });
});
