import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '@/emulator/index';
import type { Role } from '@/lib/auth/roles';
import type { SessionUser } from '@/lib/auth/session-user';
import { auditEvent } from '@/lib/db/schema';
import { RevealError } from '@/lib/moderation/reveal';
import { orchestrator, resetOrchestratorForTests } from '@/lib/orchestrator/console-client';
import { startConsoleUnderTest, type ConsoleUnderTest } from '@/test/console-under-test';
import type { TestDatabase } from '@/test/databases';
import { rejection } from '@/test/rejection';
import { resetMediaForTests } from './console-media';
import { readWorkflowEvidence, workflowGates } from '@/lib/review/reads';
import { getWorkflow } from '@/lib/orchestrator/workflows';
import { revealMedia, serveMedia, servePreview, type MediaRequest } from './serve';
import { readStream } from '@/test/fake-media-upstream';

/**
 * The media routes' logic end to end, below HTTP: the emulator's gallery (every level, every block, CSAM scores, a
 * video), a real database for grants, preferences and the audit log, and the same singletons the routes use.
 * What it proves is what the browser test proves with a network log: no gated byte leaves before an audited reveal.
 */

let emulator: RunningEmulator;
let database: TestDatabase;
let workflowId: string;
let started: ConsoleUnderTest;

const person = (role: Role, n = 1): SessionUser => ({ id: `u-${role}-${n}`, email: `${role}${n}@example.test`, name: role, role, sessionId: `s-${role}-${n}` });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const blobId = (role: string) => emulator.control.scenarios.gallery.byRole[role]!.blobId;
const contentCalls = () => emulator.control.calls({ path: /^\/v2\/consumer\/blobs\/(content|blocked)\// });

function mediaRequest(
  user: SessionUser,
  id: string,
  options: { query?: string; headers?: Record<string, string>; hint?: string | null } = {},
): MediaRequest {
  const hint = options.hint === undefined ? workflowId : options.hint;
  const request = new Request(`http://console.test/api/media/${id}?${hint ? `workflowId=${hint}` : ''}${options.query ?? ''}`, { headers: options.headers });
  return { user, blobId: id, workflowId: hint, request, ctx: orchestrator().context(), meta: { ip: '127.0.0.1', requestId: 'req-media' } };
}

async function auditRows(actorId: string) {
  return database.handle.db.select().from(auditEvent).where(eq(auditEvent.actorId, actorId)).orderBy(asc(auditEvent.id));
}

beforeAll(async () => {
  started = await startConsoleUnderTest({ workflows: 40 });
  ({ emulator, database } = started);
  workflowId = emulator.control.scenarios.gallery.workflowId;
});

afterAll(async () => {
  await started?.dispose();
});

beforeEach(() => emulator.control.clearCalls());

describe('GET /api/media/[blobId]', () => {
  it('tier 0: the original bytes with the media headers, to any signed-in viewer', async () => {
    const id = blobId('level:pg');
    const response = await serveMedia(mediaRequest(person('viewer'), id));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store, private');
    expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe((await emulator.control.blobAsync(id))!.sha256);
  });

  it('F-08: a gated blob without a grant is a 403 with no upstream byte fetched, and the refusal is audited', async () => {
    const viewer = person('viewer', 2);
    const response = await serveMedia(mediaRequest(viewer, blobId('level:xxx')));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ kind: 'gated' });
    expect(contentCalls()).toEqual([]);
    expect(await auditRows(viewer.id)).toMatchObject([{ action: 'access_denied', targetType: 'blob', targetId: blobId('level:xxx') }]);
  });

  it('an unavailable blob is 410 without any upstream byte', async () => {
    expect((await serveMedia(mediaRequest(person('admin'), blobId('unavailable')))).status).toBe(410);
    expect(contentCalls()).toEqual([]);
  });

  it('serves a video range as 206 after a click reveal (tier 1)', async () => {
    const viewer = person('viewer', 3);
    const id = blobId('video');
    expect((await serveMedia(mediaRequest(viewer, id, { headers: { range: 'bytes=0-99' } }))).status).toBe(403);
    expect((await revealMedia(mediaRequest(viewer, id)))?.tier).toBe(1);
    const response = await serveMedia(mediaRequest(viewer, id, { headers: { range: 'bytes=0-99' } }));
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    expect((await response.arrayBuffer()).byteLength).toBe(100);
  });

  it('a download is an attachment and is audited', async () => {
    const viewer = person('viewer', 4);
    const response = await serveMedia(mediaRequest(viewer, blobId('level:pg13'), { query: '&download=1' }));
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${blobId('level:pg13')}"`);
    await response.arrayBuffer();
    expect((await auditRows(viewer.id)).map((row) => row.action)).toEqual(['media_download']);
  });
});

describe('reveal, then bytes (F-33)', () => {
  it('tier 2: a moderator with a reason gets the original bytes; the audit row predates the first byte', async () => {
    const moderator = person('moderator');
    const id = blobId('level:xxx');
    const grant = await revealMedia({ ...mediaRequest(moderator, id), reason: 'report 4411 evidence' });
    expect(grant).toMatchObject({ blobId: id, tier: 2 });
    const firstByteRequestedAt = new Date();
    const response = await serveMedia(mediaRequest(moderator, id));
    expect(response.status).toBe(200);
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe((await emulator.control.blobAsync(id))!.sha256);
    const [reveal] = await auditRows(moderator.id);
    expect(reveal).toMatchObject({ action: 'reveal', targetId: id, reason: 'report 4411 evidence', workflowId });
    expect(reveal!.at.getTime()).toBeLessThanOrEqual(firstByteRequestedAt.getTime());
    // The grant is this moderator's: another session still gets nothing.
    expect((await serveMedia(mediaRequest({ ...moderator, sessionId: 'other' }, id))).status).toBe(403);
  });

  it('a viewer cannot reveal tier 2; the refusal is audited and no byte moves', async () => {
    const viewer = person('viewer', 5);
    const error = await rejection(revealMedia({ ...mediaRequest(viewer, blobId('level:na')), reason: 'report 4411 evidence' }), RevealError);
    expect(error.kind).toBe('role');
    expect((await auditRows(viewer.id)).map((row) => row.action)).toEqual(['reveal_denied']);
    expect(contentCalls()).toEqual([]);
  });

  it('the hard gate needs senior and a reason', async () => {
    const id = blobId('csam:above');
    expect((await rejection(revealMedia({ ...mediaRequest(person('moderator', 2), id), reason: 'report 4411 evidence' }), RevealError)).kind).toBe('role');
    expect((await rejection(revealMedia(mediaRequest(person('senior'), id)), RevealError)).kind).toBe('reason');
    const grant = await revealMedia({ ...mediaRequest(person('senior'), id), reason: 'NCMEC report 4411' });
    expect(grant?.tier).toBe(3);
    expect(Date.parse(grant!.expiresAt) - Date.now()).toBeLessThanOrEqual(2 * 60_000);
    expect((await serveMedia(mediaRequest(person('senior'), id))).status).toBe(200);
  });
});

describe('the gate never trusts the browser: it places every blob itself', () => {
  async function riskyOutputs() {
    const { riskyUser } = emulator.control.scenarios;
    const workflow = await getWorkflow(orchestrator(), riskyUser.workflowId);
    return workflow.media.filter((item) => item.jobId === riskyUser.aboveJobId);
  }

  it('a reveal with no workflowId of an output above the CSAM threshold is refused to a moderator; no byte leaves', async () => {
    const [, above] = await riskyOutputs();
    const moderator = person('moderator', 11);
    const refusal = await rejection(revealMedia({ ...mediaRequest(moderator, above!.blobId, { hint: null }), reason: 'report 4411 evidence' }), RevealError);
    expect(refusal.kind).toBe('role');
    const bytes = await serveMedia(mediaRequest(moderator, above!.blobId, { hint: null }));
    expect(bytes.status).toBe(403);
    expect(contentCalls()).toEqual([]);
    // Once the index has placed it (any drill-down writes it), it is still the hard gate, with or without a hint.
    await readWorkflowEvidence(moderator, emulator.control.scenarios.riskyUser.workflowId, orchestrator().context());
    await resetMediaForTests();
    expect((await rejection(revealMedia({ ...mediaRequest(moderator, above!.blobId, { hint: null }), reason: 'report 4411 evidence' }), RevealError)).kind).toBe('role');
    expect((await rejection(revealMedia({ ...mediaRequest(moderator, above!.blobId, { hint: workflowId }), reason: 'report 4411 evidence' }), RevealError)).kind).toBe('role');
  });

  it('an output whose job cannot be read is hard-gated, even with the right workflowId', async () => {
    const id = blobId('level:xxx');
    const gallery = await getWorkflow(orchestrator(), workflowId);
    const jobId = gallery.media.find((item) => item.blobId === id)!.jobId!;
    resetOrchestratorForTests();
    await resetMediaForTests();
    emulator.control.setFaults([{ path: `^/v1/consumer/jobs/${jobId}`, kind: 'status', status: 500 }]);
    try {
      const moderator = person('moderator', 12);
      const refusal = await rejection(revealMedia({ ...mediaRequest(moderator, id), reason: 'report 4411 evidence' }), RevealError);
      expect(refusal.kind).toBe('role');
      expect((await serveMedia(mediaRequest(moderator, id))).status).toBe(403);
      expect((await servePreview(mediaRequest(moderator, id))).status).toBe(403);
      expect(contentCalls()).toEqual([]);
    } finally {
      emulator.control.clearFaults();
      resetOrchestratorForTests();
      await resetMediaForTests();
    }
  });

  it("each tile carries its own output's score: the 3.12 % output is not reported above", async () => {
    const evidence = await readWorkflowEvidence(person('moderator', 13), emulator.control.scenarios.riskyUser.workflowId, orchestrator().context());
    const [below, above] = await riskyOutputs();
    const byId = new Map(evidence.blobs.map((row) => [row.blobId, row]));
    expect(byId.get(below!.blobId)).toMatchObject({ csamPercent: 3.12, risk: { band: 'below' } });
    expect(byId.get(above!.blobId)).toMatchObject({ csamPercent: 61.5, tier: 3, risk: { band: 'above' } });
    expect(byId.get(below!.blobId)!.gate.reasons.join(' ')).not.toMatch(/CSAM/);
    expect(evidence.risk).toMatchObject({ worstBand: 'above', worstPercent: 61.5 });
  });
});

describe('GET /api/media/[blobId]/preview', () => {
  it('tier 1: a webp blurred in the pixels, at most 1/8 of the original bytes', async () => {
    const id = blobId('level:x');
    const response = await servePreview(mediaRequest(person('viewer', 6), id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    const preview = Buffer.from(await response.arrayBuffer());
    const original = (await emulator.control.blobAsync(id))!;
    expect(preview.length).toBeLessThanOrEqual(original.bytes / 8);
    expect(sha256(preview)).not.toBe(original.sha256);
    const meta = await sharp(preview).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(320);
  });

  it('tier 2 and 3: 403 and not one upstream byte', async () => {
    for (const role of ['level:xxx', 'blocked:ChildReference', 'csam:near']) {
      expect((await servePreview(mediaRequest(person('admin'), blobId(role)))).status, role).toBe(403);
    }
    expect(contentCalls()).toEqual([]);
  });

  it('a video has no preview', async () => {
    expect((await servePreview(mediaRequest(person('viewer'), blobId('video')))).status).toBe(415);
  });

  it('a URL naming the variant decided now may be kept by the browser for good; any other answer stays no-store', async () => {
    const viewer = person('viewer', 9);
    const id = blobId('level:r');
    const [gate] = (await workflowGates(viewer, workflowId, orchestrator().context())).filter((entry) => entry.blobId === id);
    expect(gate).toMatchObject({ tier: 1, previewVariant: 'blur-medium-gray' });
    const named = await servePreview(mediaRequest(viewer, id, { query: `&v=${gate!.previewVariant}` }));
    expect(named.status).toBe(200);
    expect(named.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(named.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
    expect(named.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    // A URL claiming the tier-0 thumbnail gets what the gate decides (the blurred preview), and it is not kept.
    const claimed = await servePreview(mediaRequest(viewer, id, { query: '&v=thumb' }));
    expect(claimed.headers.get('cache-control')).toBe('no-store, private');
    expect(claimed.headers.get('etag')).toBeNull();
    expect(sha256(Buffer.from(await claimed.arrayBuffer()))).toBe(sha256(Buffer.from(await named.arrayBuffer())));
    // The gate still decides every request: a tier-2 blob named with a preview variant is refused.
    expect((await servePreview(mediaRequest(viewer, blobId('level:xxx'), { query: '&v=thumb' }))).status).toBe(403);
  });

  it('a preview rendered once is not read from upstream again (another reviewer, same variant)', async () => {
    const id = blobId('level:pg13');
    expect((await servePreview(mediaRequest(person('viewer', 10), id))).status).toBe(200);
    emulator.control.clearCalls();
    const again = await servePreview(mediaRequest(person('moderator', 10), id));
    expect(again.status).toBe(200);
    expect((await readStream(again.body!)).length).toBeGreaterThan(0);
    expect(contentCalls()).toEqual([]);
  });
});

describe('GET /api/media/gates', () => {
  it('gives every blob of the workflow its tier, without fetching any media', async () => {
    const moderator = person('moderator');
    const auditedBefore = (await auditRows(moderator.id)).length;
    const gates = await workflowGates(moderator, workflowId, orchestrator().context());
    const byId = new Map(gates.map((gate) => [gate.blobId, gate]));
    expect(byId.get(blobId('level:pg'))).toMatchObject({ tier: 0, previewAllowed: true, revealedUntil: null });
    expect(byId.get(blobId('level:r'))).toMatchObject({ tier: 1, revealRequires: 'click', canReveal: true });
    expect(byId.get(blobId('level:xxx'))).toMatchObject({ tier: 2, revealRequires: 'moderator', reasonRequired: true });
    // Revealed in an earlier test by this moderator.
    expect(byId.get(blobId('level:xxx'))?.revealedUntil).not.toBeNull();
    expect(byId.get(blobId('csam:above'))).toMatchObject({ tier: 3, canReveal: false });
    expect(byId.get(blobId('video'))).toMatchObject({ tier: 1, mediaType: 'video' });
    // Asking about the gates is not a view: no media request, no audit row.
    expect(contentCalls()).toEqual([]);
    expect(await auditRows(moderator.id)).toHaveLength(auditedBefore);
  });
});

describe('preferences raise the gate', () => {
  it('a reviewer who hides mature tiles gets no preview of tier 1', async () => {
    const { savePreferences } = await import('@/lib/moderation/preferences-store');
    const viewer = person('viewer', 7);
    await savePreferences(viewer, { matureTiles: 'hidden' });
    expect((await servePreview(mediaRequest(viewer, blobId('level:r')))).status).toBe(403);
    expect((await readStream((await servePreview(mediaRequest(person('viewer', 8), blobId('level:r')))).body!)).length).toBeGreaterThan(0);
  });
});
