import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobSchema, ProblemDetailsSchema, ValidationProblemDetailsSchema, WorkflowSchema } from '../lib/orchestrator/schemas';
import { startEmulator, type RunningEmulator, type Scenarios } from './index';
import { call, userBearer } from './test-support';

let emu: RunningEmulator;
let s: Scenarios;
const blob = (path: string) => `${emu.url}/v2/consumer/blobs/${path}`;
const role = (name: string) => s.gallery.byRole[name]!;

beforeAll(async () => {
  emu = await startEmulator({ seed: 7, workflows: 300 });
  s = emu.control.scenarios;
});
afterAll(() => emu.close());

async function bytesOf(url: string, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /v2/consumer/blobs/{id}', () => {
  it('redirects 308 to a relative content URL with x-nsfw-level; the content is the exact bytes the read-out hashes', async () => {
    for (const name of ['level:pg', 'level:pg13', 'level:r', 'level:x', 'level:xxx', 'level:na', 'csam:above']) {
      const { blobId, nsfwLevel } = role(name);
      const redirect = await call(blob(blobId), null);
      expect(redirect.status, name).toBe(308);
      expect(redirect.text).toBe('');
      const location = redirect.headers.get('location')!;
      expect(location).toMatch(/^\/v2\/consumer\/blobs\/content\/[A-Za-z0-9_.-]+$/);
      expect(redirect.headers.get('x-nsfw-level')?.toLowerCase()).toBe(nsfwLevel);
      // The content URL needs no bearer: its token is the capability.
      const { res, bytes } = await bytesOf(`${emu.url}${location}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      expect(res.headers.get('cache-control')).toContain('max-age');
      const extension = blobId.split('.').pop();
      expect(res.headers.get('content-type')).toBe(`image/${extension}`);
      expect((await sharp(bytes).metadata()).format).toBe(extension === 'jpeg' ? 'jpeg' : extension);
      expect(bytes.length).toBeGreaterThan(60_000);
      expect(emu.control.blob(blobId)?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('sends a blob without a level to content with no level header', async () => {
    const redirect = await call(blob(role('level:missing').blobId), null);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('x-nsfw-level')).toBeNull();
  });

  it('redirects blocked blobs to the placeholder, drawn at the requested size', async () => {
    for (const [name, entry] of Object.entries(s.gallery.byRole).filter(([key, value]) => key.startsWith('blocked:') && value.available)) {
      const redirect = await call(blob(entry.blobId), null);
      expect(redirect.status, name).toBe(308);
      expect(redirect.headers.get('location')).toMatch(/^\/v2\/consumer\/blobs\/blocked\//);
    }
    const location = (await call(blob(role('blocked:NsfwLevel').blobId), null)).headers.get('location')!;
    const [path = ''] = location.split('?');
    const { res, bytes } = await bytesOf(`${emu.url}${path}?width=300&height=200`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 300, height: 200 });
    // The placeholder is not the blob's content.
    expect(createHash('sha256').update(bytes).digest('hex')).not.toBe(emu.control.blob(role('blocked:NsfwLevel').blobId)?.sha256);
    // A content token cannot be turned into a blocked one or back.
    expect((await fetch(`${emu.url}${path.replace('/blocked/', '/content/')}`)).status).toBe(404);
  });

  it('withholds a blob above the requested maximum level, or without a level', async () => {
    const over = await call(blob(`${role('level:x').blobId}?nsfwLevel=r`), null);
    expect(over.headers.get('location')).toMatch(/\/blocked\//);
    const under = await call(blob(`${role('level:pg13').blobId}?nsfwLevel=R`), null);
    expect(under.headers.get('location')).toMatch(/\/content\//);
    expect((await call(blob(`${role('level:missing').blobId}?nsfwLevel=xxx`), null)).headers.get('location')).toMatch(/\/blocked\//);
    expect((await call(blob(`${role('level:x').blobId}?nsfwLevel=huge`), ValidationProblemDetailsSchema)).status).toBe(400);
  });

  it('answers 404 for an unavailable blob (whose URL stays in the workflow) and for unknown ids', async () => {
    const unavailable = role('unavailable');
    const workflow = await call(`${emu.url}/v2/consumer/workflows/${s.gallery.workflowId}`, WorkflowSchema);
    expect(workflow.text).toContain(`/v2/consumer/blobs/${unavailable.blobId}?sig=`);
    expect((await call(blob(unavailable.blobId), ProblemDetailsSchema)).status).toBe(404);
    for (const id of ['JNFDW54JNTATNW42HACYCWSQP0.jpeg', 'nope', '0'.repeat(64)]) expect((await call(blob(id), ProblemDetailsSchema)).status).toBe(404);
  });

  it('scopes blobs by token: 401 without one, 404 for another user’s blob', async () => {
    const id = role('level:pg').blobId;
    expect((await call(blob(id), ProblemDetailsSchema, { auth: null })).status).toBe(401);
    expect((await call(blob(id), null, { auth: userBearer(s.gallery.owner) })).status).toBe(308);
    expect((await call(blob(id), ProblemDetailsSchema, { auth: userBearer(s.riskyUser.userId) })).status).toBe(404);
  });

  it('HEAD answers 204 with the level, 404 when unknown', async () => {
    const head = await fetch(blob(role('level:xxx').blobId), { method: 'HEAD', headers: { Authorization: `Bearer ${s.tokens.service}` } });
    expect(head.status).toBe(204);
    expect(head.headers.get('x-nsfw-level')).toBe('XXX');
    expect((await fetch(blob('JNFDW54JNTATNW42HACYCWSQP0.jpeg'), { method: 'HEAD', headers: { Authorization: `Bearer ${s.tokens.service}` } })).status).toBe(404);
  });
});

describe('signed blob URLs', () => {
  it('follow with no bearer: 301 to content; 403 once expired; 401 with a wrong signature', async () => {
    const workflow = JSON.parse((await call(`${emu.url}/v2/consumer/workflows/${s.gallery.workflowId}`, null)).text);
    const image = workflow.steps[0].output.images.find((b: { id: string }) => b.id === role('level:pg').blobId);
    expect(image.url.startsWith(`${emu.url}/v2/consumer/blobs/`)).toBe(true);
    const signed = await call(image.url, null, { auth: null });
    expect(signed.status).toBe(301);
    expect(signed.headers.get('location')).toMatch(/^\/v2\/consumer\/blobs\/content\//);

    const expired = emu.control.signedBlobUrl(role('level:pg').blobId, new Date(Date.now() - 1000));
    expect((await call(expired, ProblemDetailsSchema, { auth: null })).status).toBe(403);
    // Change one character of the signature (to one it is not: a fixed replacement matched 1 time in 64).
    const forged = image.url.replace(/sig=CfDJ8(.)/, (_: string, char: string) => `sig=CfDJ8${char === 'Z' ? 'Y' : 'Z'}`);
    expect((await call(forged, ProblemDetailsSchema, { auth: null })).status).toBe(401);
  });

  it('refresh issues a fresh signed URL that works', async () => {
    const refreshed = await call(blob(`${role('level:r').blobId}/refresh`), BlobSchema, { method: 'POST' });
    expect(refreshed.status).toBe(200);
    expect(Date.parse(refreshed.body.urlExpiresAt!)).toBeGreaterThan(Date.now());
    expect((await call(refreshed.body.url!, null, { auth: null })).status).toBe(301);
  });
});

describe('video content', () => {
  it('serves the committed mp4 with byte ranges', async () => {
    const video = role('video');
    const location = (await call(blob(video.blobId), null)).headers.get('location')!;
    const whole = await bytesOf(`${emu.url}${location}`);
    expect(whole.res.headers.get('content-type')).toBe('video/mp4');
    expect(whole.bytes.length).toBeLessThan(200_000);
    expect(whole.bytes.subarray(4, 8).toString()).toBe('ftyp');
    const part = await bytesOf(`${emu.url}${location}`, { headers: { Range: 'bytes=0-1023' } });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 0-1023/${whole.bytes.length}`);
    expect(part.bytes.equals(whole.bytes.subarray(0, 1024))).toBe(true);
    const tail = await bytesOf(`${emu.url}${location}`, { headers: { Range: 'bytes=-100' } });
    expect(tail.bytes.equals(whole.bytes.subarray(-100))).toBe(true);
    expect((await bytesOf(`${emu.url}${location}`, { headers: { Range: `bytes=${whole.bytes.length + 5}-` } })).res.status).toBe(416);
  });
});
