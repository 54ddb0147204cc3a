import { Hono, type Context } from 'hono';
import { toNsfwLevel, type NsfwLevel } from '../../lib/orchestrator/schemas';
import { canRead } from '../auth';
import { dotnetDate } from '../format';
import { sha256, type MediaSpec } from '../media';
import { QueryParams } from '../params';
import { signedBlobUrl } from '../seed/materialise';
import type { BlobFact } from '../seed/types';
import { authenticate, type EmulatorEnv, type EmulatorState } from '../state';
import { json, problem, validationProblem } from '../wire';

/**
 * v2 blobs (contract §2.2, §7.6). A bearer GET answers 308 with a relative Location: `content/{token}` for viewable
 * bytes, `blocked/{token}` for the moderation placeholder; a signed URL (`sig`, `exp`) needs no bearer and answers 301,
 * or 401 for a bad signature and 403 once expired. `available:false` blobs keep a URL that 404s. Content and blocked
 * URLs carry no bearer: the sealed token is the capability.
 */

const SEVERITY: Record<NsfwLevel, number> = { na: 99, pg: 0, pg13: 1, r: 2, x: 3, xxx: 4 };
const CONTENT_CACHE = 'public, max-age=31536000, immutable';
const CHUNK = 64 * 1024;
const REFRESHED_URL_MS = 24 * 3600_000;

export const mediaSpec = (blob: BlobFact): MediaSpec => ({
  id: blob.id,
  type: blob.type,
  extension: blob.extension,
  width: blob.width,
  height: blob.height,
  nsfwLevel: blob.nsfwLevel,
  blockedReason: blob.blockedReason,
  nearDuplicate: blob.nearDuplicate,
});

const levelHeader = (blob: BlobFact): Record<string, string> => (blob.nsfwLevel ? { 'x-nsfw-level': blob.nsfwLevel.toUpperCase() } : {});

/** Sends bytes in chunks, honouring a single `Range` (206) as video players ask. */
function sendBytes(c: Context, bytes: Buffer, headers: Record<string, string>): Response {
  const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header('range') ?? '');
  let start = 0;
  let end = bytes.length - 1;
  let status = 200;
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
    } else {
      start = Math.max(0, bytes.length - Number(range[2]));
    }
    if (start > end || start >= bytes.length) {
      return c.body(null, 416, { 'Content-Range': `bytes */${bytes.length}` });
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${bytes.length}`;
  }
  const slice = bytes.subarray(start, end + 1);
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= slice.length) return controller.close();
      controller.enqueue(slice.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
  return new Response(c.req.method === 'HEAD' ? null : stream, {
    status,
    headers: { ...headers, 'Content-Length': String(slice.length), 'Accept-Ranges': 'bytes' },
  });
}

export function blobRoutes(state: EmulatorState) {
  const app = new Hono<EmulatorEnv>();
  const { store } = state;

  const location = (blob: BlobFact, blocked: boolean, params: QueryParams) => {
    const kind = blocked ? 'blocked' : 'content';
    const query = new URLSearchParams();
    if (blocked) {
      query.set('width', String(blob.width));
      query.set('height', String(blob.height));
    } else if (params.bool('download')) {
      query.set('download', 'true');
      query.set('filename', params.string('filename') ?? blob.id);
    }
    const search = query.size ? `?${query}` : '';
    return `/v2/consumer/blobs/${kind}/${store.codec.contentToken(kind, blob.id)}${search}`;
  };

  /** A blob that exists, belongs to a live workflow and is available; else the 404 to send. */
  const live = (c: Context, blobId: string, may: (blob: BlobFact) => boolean = () => true): BlobFact | Response => {
    const found = store.findBlob(blobId);
    if (!found || store.isGone(found.model.record) || !may(found.blob)) return problem(c, 404, 'Blob not found.');
    return found.blob;
  };

  // Hono answers HEAD through the GET route (and drops the body): the existence check is branched off there.
  const head = (c: Context) => {
    const principal = authenticate(c, state);
    if (principal instanceof Response) return c.body(null, 401);
    const blob = live(c, c.req.param('blobId') ?? '', (b) => canRead(principal, b.owner));
    if (blob instanceof Response) return c.body(null, 404);
    return c.body(null, 204, levelHeader(blob));
  };

  app.get('/:blobId', (c) => {
    if (c.req.method === 'HEAD') return head(c);
    const blobId = c.req.param('blobId');
    const params = new QueryParams(new URL(c.req.url));
    const sig = params.string('sig');
    const exp = params.string('exp');
    if (sig !== undefined || exp !== undefined) {
      const blob = live(c, blobId);
      if (blob instanceof Response) return blob;
      if (!sig || !exp || store.codec.signature(blobId, exp) !== sig || Number.isNaN(Date.parse(exp))) {
        return problem(c, 401, 'The signature is not valid.');
      }
      if (Date.parse(exp) <= Date.now()) return problem(c, 403, 'The signed URL has expired.');
      if (!blob.available) return problem(c, 404, 'Blob not available.');
      return c.body(null, 301, { 'Content-Length': '0', Location: location(blob, blob.blockedReason !== null, params), ...levelHeader(blob) });
    }
    const principal = authenticate(c, state);
    if (principal instanceof Response) return principal;
    const blob = live(c, blobId, (b) => canRead(principal, b.owner));
    if (blob instanceof Response) return blob;
    const maxText = params.string('nsfwLevel');
    const max = maxText === undefined ? undefined : toNsfwLevel(maxText);
    if (maxText !== undefined && !max) return validationProblem(c, { nsfwLevel: [`The value '${maxText}' is not valid.`] });
    if (!blob.available) return problem(c, 404, 'Blob not available.');
    // A blob above the requested maximum, or without a level, is withheld (contract §7.6).
    const overMax = max !== undefined && (blob.nsfwLevel === undefined || SEVERITY[blob.nsfwLevel] > SEVERITY[max]);
    return c.body(null, 308, { 'Content-Length': '0', Location: location(blob, blob.blockedReason !== null || overMax, params), ...levelHeader(blob) });
  });

  app.post('/:blobId/refresh', (c) => {
    const principal = authenticate(c, state);
    if (principal instanceof Response) return principal;
    const blob = live(c, c.req.param('blobId'), (b) => canRead(principal, b.owner));
    if (blob instanceof Response) return blob;
    const exp = dotnetDate(Date.now() + REFRESHED_URL_MS);
    const url = signedBlobUrl(store.context, blob.id, exp);
    return json(c, {
      type: blob.type,
      id: blob.id,
      available: blob.available,
      url,
      urlExpiresAt: exp,
      ...(blob.type === 'image' ? { previewUrl: url, previewUrlExpiresAt: exp } : {}),
      jobId: blob.jobId,
      width: blob.width,
      height: blob.height,
      ...(blob.nsfwLevel ? { nsfwLevel: blob.nsfwLevel } : {}),
      blockedReason: blob.blockedReason,
    });
  });

  app.get('/content/:token', async (c) => {
    const blobId = store.codec.openContentToken('content', c.req.param('token'));
    const blob = blobId === undefined ? problem(c, 404, 'Content not found.') : live(c, blobId, (b) => b.available);
    if (blob instanceof Response) return blob;
    const bytes = await state.media.content(mediaSpec(blob));
    const params = new QueryParams(new URL(c.req.url));
    const disposition: Record<string, string> = params.bool('download')
      ? { 'Content-Disposition': `attachment; filename="${(params.string('filename') ?? blob.id).replace(/[^A-Za-z0-9._-]/g, '_')}"` }
      : {};
    return sendBytes(c, bytes, {
      'Content-Type': blob.contentType,
      'Cache-Control': CONTENT_CACHE,
      ETag: `"${sha256(bytes).slice(0, 32)}"`,
      ...levelHeader(blob),
      ...disposition,
    });
  });

  app.get('/blocked/:token', async (c) => {
    const blobId = store.codec.openContentToken('blocked', c.req.param('token'));
    const blob = blobId === undefined ? problem(c, 403, 'Not a blocked-content token.') : live(c, blobId);
    if (blob instanceof Response) return blob;
    const params = new QueryParams(new URL(c.req.url));
    const width = params.int('width') ?? blob.width;
    const height = params.int('height') ?? blob.height;
    const bytes = await state.media.blocked(width, height);
    return sendBytes(c, bytes, { 'Content-Type': 'image/png', 'Cache-Control': CONTENT_CACHE, ...levelHeader(blob) });
  });

  return app;
}
