import 'server-only';
import { fetch, type Agent, type Response as UpstreamResponse } from 'undici';
import { consoleLogger, type LogFields, type Logger } from '@/lib/log';
import { TtlCache } from '@/lib/orchestrator/cache';
import { redact } from '@/lib/orchestrator/redact';
import {
  addressPolicyFor,
  checkRedirectTarget,
  createGuardedAgent,
  RefusedTarget,
  type AllowedTarget,
  type Resolver,
} from './net-guard';

/**
 * Blob bytes from the Orchestration API, for the media routes only. A blob id goes in; a checked, capped stream
 * comes out. The browser never sees an upstream URL, the token never leaves for the storage URL (F-12), the
 * redirect is followed by hand and only to the allowed paths (F-26, F-27), only media types we can serve safely
 * pass (F-28), the byte cap holds while streaming (F-29), and an expired signature is re-resolved once (F-25).
 */

export const MEDIA_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'video/mp4', 'video/webm'] as const;
export type MediaContentType = (typeof MEDIA_CONTENT_TYPES)[number];

export const DEFAULT_MAX_MEDIA_BYTES = 200 * 1024 * 1024;

export const MEDIA_ERROR_KINDS = [
  /** The upstream knows no such blob. */
  'not_found',
  /** The blob exists but its bytes cannot be had (available:false, 403 on the blob endpoint). */
  'unavailable',
  /** The signed content URL stayed expired after one re-resolve: show a placeholder. */
  'expired',
  /** A redirect or an address we do not connect to (security event). */
  'refused_target',
  'unsupported_type',
  'too_large',
  'range_not_satisfiable',
  /** The upstream refused our own credentials (401). */
  'upstream_rejected',
  'upstream_unavailable',
  'aborted',
] as const;
export type MediaErrorKind = (typeof MEDIA_ERROR_KINDS)[number];

export class MediaError extends Error {
  constructor(
    readonly kind: MediaErrorKind,
    message: string,
    readonly extra: { contentRange?: string } = {},
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export interface MediaStream {
  status: 200 | 206;
  contentType: MediaContentType;
  contentLength: number | null;
  contentRange: string | null;
  acceptRanges: boolean;
  /** The orchestrator's moderation placeholder (a `/blocked/` target), not the original pixels. */
  withheld: boolean;
  /** The `x-nsfw-level` the blob endpoint reported, as sent. */
  nsfwLevel: string | null;
  body: ReadableStream<Uint8Array>;
}

export interface MediaUpstreamOptions {
  baseUrl: string;
  token?: string;
  maxBytes?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyIdleTimeoutMs?: number;
  /** How long a resolved content location is reused (never past its `exp`). */
  locationCacheMs?: number;
  /** Fake DNS for tests. */
  resolve?: Resolver;
  log?: Logger;
  now?: () => number;
}

interface ResolvedBlob extends AllowedTarget {
  nsfwLevel: string | null;
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n`; anything else is ignored and the whole body is served. */
const SINGLE_RANGE = /^bytes=(\d{1,15}-\d{0,15}|-\d{1,15})$/;
const CONTENT_RANGE = /^bytes (\d+-\d+|\*)\/(\d+|\*)$/;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

export function validRange(range: string | null | undefined): string | null {
  if (!range) return null;
  const trimmed = range.trim();
  if (!SINGLE_RANGE.test(trimmed)) return null;
  const [start, end] = trimmed.slice('bytes='.length).split('-');
  if (start && end && Number(end) < Number(start)) return null;
  return trimmed;
}

function mediaType(header: string | null): MediaContentType | null {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return (MEDIA_CONTENT_TYPES as readonly string[]).includes(type ?? '') ? (type as MediaContentType) : null;
}

/** The signed URL's `exp`, when it has one, so a cached location is never used after it. */
function expiresAt(url: URL): number | null {
  const exp = url.searchParams.get('exp');
  const time = exp ? Date.parse(exp) : Number.NaN;
  return Number.isFinite(time) ? time : null;
}

/** Ends the stream with an error once more than `maxBytes` passed through, whatever Content-Length said. */
function capped(body: ReadableStream<Uint8Array>, maxBytes: number, onExceeded: () => void): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          onExceeded();
          controller.error(new MediaError('too_large', 'The media is larger than the console serves.'));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

async function discard(response: UpstreamResponse): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

export class MediaUpstream {
  private readonly base: URL;
  private readonly token: string | undefined;
  private readonly agent: Agent;
  private readonly maxBytes: number;
  private readonly locationCacheMs: number;
  private readonly locations: TtlCache;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(options: MediaUpstreamOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.token = options.token || undefined;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_MEDIA_BYTES;
    this.locationCacheMs = options.locationCacheMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.locations = new TtlCache(1_000, 1_000 * 1_024, this.now);
    const log = options.log ?? consoleLogger;
    const secrets = this.token ? [this.token] : [];
    this.log = (level, event, fields) => log(level, event, fields && redactFields(fields, secrets));
    this.agent = createGuardedAgent({
      policy: addressPolicyFor(this.base),
      resolve: options.resolve,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs,
      bodyTimeoutMs: options.bodyIdleTimeoutMs,
      onRefused: (hostname, address) =>
        this.log('error', 'security.media_address_refused', { security: true, host: hostname, address }),
    });
  }

  /** Opens the blob's bytes (or one range of them) as a capped stream. Throws MediaError. */
  async open(blobId: string, request: { range?: string | null; signal?: AbortSignal } = {}): Promise<MediaStream> {
    const range = validRange(request.range);
    let target = this.cachedLocation(blobId) ?? (await this.resolve(blobId, request.signal));
    let response = await this.fetchContent(blobId, target, range, request.signal);
    if (response.status === 401 || response.status === 403) {
      // An expired signature: exactly one fresh resolve, then give up (≤ 2 storage calls, no loop).
      await discard(response);
      this.locations.invalidate(locationKey(blobId));
      this.log('warn', 'media.content_expired', { blobId, status: response.status });
      target = await this.resolve(blobId, request.signal);
      response = await this.fetchContent(blobId, target, range, request.signal);
      if (response.status === 401 || response.status === 403) {
        await discard(response);
        this.locations.invalidate(locationKey(blobId));
        throw new MediaError('expired', 'The media link expired and could not be renewed.');
      }
    }
    return this.accept(blobId, target, response);
  }

  /** The whole blob in memory, for preview rendering only; refuses anything over `maxBytes`. */
  async readAll(blobId: string, maxBytes: number, signal?: AbortSignal): Promise<{ bytes: Buffer; stream: Omit<MediaStream, 'body'> }> {
    const { body, ...stream } = await this.open(blobId, { signal });
    if (stream.contentLength !== null && stream.contentLength > maxBytes) {
      await body.cancel().catch(() => {});
      throw new MediaError('too_large', 'The media is too large to preview.');
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        await body.cancel().catch(() => {});
        throw new MediaError('too_large', 'The media is too large to preview.');
      }
      chunks.push(chunk);
    }
    return { bytes: Buffer.concat(chunks), stream };
  }

  /** Drops every connection, streams in flight included (tests and shutdown). */
  async close(): Promise<void> {
    await this.agent.destroy();
  }

  private cachedLocation(blobId: string): ResolvedBlob | undefined {
    return this.locations.get(locationKey(blobId)) as ResolvedBlob | undefined;
  }

  /** GET /v2/consumer/blobs/{id} with the bearer token; the redirect is read, never followed. */
  private async resolve(blobId: string, signal?: AbortSignal): Promise<ResolvedBlob> {
    const url = new URL(`${this.base.pathname.replace(/\/+$/, '')}/v2/consumer/blobs/${encodeURIComponent(blobId)}`, this.base);
    const response = await this.request(url, { authorization: true, signal, blobId });
    await discard(response);
    if (REDIRECT.has(response.status)) {
      let target: AllowedTarget;
      try {
        target = checkRedirectTarget(response.headers.get('location'), url, this.base);
      } catch (error) {
        if (!(error instanceof RefusedTarget)) throw error;
        this.log('error', 'security.media_redirect_refused', { security: true, blobId, why: error.why });
        throw new MediaError('refused_target', 'The upstream pointed the media somewhere the console does not go.');
      }
      const resolved: ResolvedBlob = { ...target, nsfwLevel: response.headers.get('x-nsfw-level') };
      const exp = expiresAt(target.url);
      const ttl = Math.min(this.locationCacheMs, exp === null ? Infinity : exp - this.now() - 30_000);
      this.locations.set(locationKey(blobId), resolved, ttl, 512);
      return resolved;
    }
    throw this.statusError(blobId, 'blob', response.status);
  }

  private async fetchContent(
    blobId: string,
    target: ResolvedBlob,
    range: string | null,
    signal?: AbortSignal,
  ): Promise<UpstreamResponse> {
    return this.request(target.url, { authorization: false, signal, blobId, range });
  }

  private async request(
    url: URL,
    options: { authorization: boolean; signal?: AbortSignal; blobId: string; range?: string | null },
  ): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': 'identity' };
    // The bearer goes to the blob endpoint only, never to a content URL.
    if (options.authorization && this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.range) headers.range = options.range;
    try {
      return await fetch(url, { headers, redirect: 'manual', signal: options.signal, dispatcher: this.agent });
    } catch (error) {
      if (options.signal?.aborted) throw new MediaError('aborted', 'The request was cancelled.');
      const refused = findCause(error, RefusedTarget);
      if (refused) throw new MediaError('refused_target', 'The media host resolved to an address the console does not reach.');
      this.log('warn', 'media.upstream_unreachable', { blobId: options.blobId, cause: errorCode(error) });
      throw new MediaError('upstream_unavailable', 'The media could not be fetched from the Orchestration API.');
    }
  }

  private async accept(blobId: string, target: ResolvedBlob, response: UpstreamResponse): Promise<MediaStream> {
    const { status } = response;
    if (status === 200 || status === 206) {
      const contentType = mediaType(response.headers.get('content-type'));
      if (!contentType) {
        await discard(response);
        this.log('warn', 'media.content_type_refused', { blobId, contentType: response.headers.get('content-type') ?? '(none)' });
        throw new MediaError('unsupported_type', 'The media is of a type the console does not serve.');
      }
      const lengthHeader = response.headers.get('content-length');
      const contentLength = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
      if (contentLength !== null && contentLength > this.maxBytes) {
        await discard(response);
        this.log('warn', 'media.too_large', { blobId, contentLength });
        throw new MediaError('too_large', 'The media is larger than the console serves.');
      }
      const contentRange = response.headers.get('content-range');
      if (status === 206 && (contentRange === null || !CONTENT_RANGE.test(contentRange))) {
        await discard(response);
        throw new MediaError('upstream_unavailable', 'The upstream answered a range request without a valid Content-Range.');
      }
      if (!response.body) throw new MediaError('upstream_unavailable', 'The upstream sent no media body.');
      const body = capped(response.body as ReadableStream<Uint8Array>, this.maxBytes, () =>
        this.log('warn', 'media.too_large', { blobId, streamed: true }),
      );
      return {
        status,
        contentType,
        contentLength,
        contentRange: status === 206 ? contentRange : null,
        acceptRanges: status === 206 || response.headers.get('accept-ranges') === 'bytes',
        withheld: target.withheld,
        nsfwLevel: target.nsfwLevel,
        body,
      };
    }
    await discard(response);
    if (status === 416) {
      const contentRange = response.headers.get('content-range');
      throw new MediaError('range_not_satisfiable', 'The requested range is outside the media.', {
        contentRange: contentRange && CONTENT_RANGE.test(contentRange) ? contentRange : undefined,
      });
    }
    if (REDIRECT.has(status)) {
      // A second hop is never followed.
      this.log('error', 'security.media_redirect_refused', { security: true, blobId, why: 'second redirect hop' });
      throw new MediaError('refused_target', 'The upstream pointed the media somewhere the console does not go.');
    }
    throw this.statusError(blobId, 'content', status);
  }

  private statusError(blobId: string, stage: 'blob' | 'content', status: number): MediaError {
    this.log('warn', 'media.upstream_status', { blobId, stage, status });
    if (status === 404 || status === 410) return new MediaError('not_found', 'The Orchestration API has no such media.');
    if (status === 403) return new MediaError('unavailable', 'The Orchestration API withholds this media.');
    if (status === 401) return new MediaError('upstream_rejected', 'The Orchestration API refused the console’s credentials.');
    return new MediaError('upstream_unavailable', 'The media could not be fetched from the Orchestration API.');
  }
}

/** The cache forgets by prefix; the terminator keeps blob `12` from forgetting blob `123`. */
function locationKey(blobId: string): string {
  return `${blobId}|`;
}

function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof type) return current;
    current = current.cause;
  }
  return undefined;
}

function errorCode(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.name : 'unknown';
}

function redactFields(fields: LogFields, secrets: readonly string[]): LogFields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? redact(value, secrets) : value]),
  );
}
