import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields, LogLevel } from '@/lib/log';
import { rejection } from '@/test/rejection';
import { MediaError, MediaUpstream, validRange, type MediaUpstreamOptions } from './upstream-blob';
import { readStream, redirectTo, serveBytes, startFakeServer, type FakeServer } from '@/test/fake-media-upstream';

const TOKEN = 'test-bearer-token-must-never-leak-0001';
const BLOB = 'JNFDW54JNTATNW42HACYCWSQP0.png';
const BLOB_PATH = `/v2/consumer/blobs/${BLOB}`;
const CONTENT_PATH = '/v2/consumer/blobs/content/opaque-token_1';
const SIGNED = `${CONTENT_PATH}?sig=CfDJ8secretsignature&exp=2099-01-01T00:00:00.0000000Z`;

let upstream: FakeServer;
let trap: FakeServer;
let media: MediaUpstream | undefined;
let logs: string[];

function open(options: Partial<MediaUpstreamOptions> = {}): MediaUpstream {
  media = new MediaUpstream({
    baseUrl: upstream.url,
    token: TOKEN,
    locationCacheMs: 0,
    log: (level: LogLevel, event: string, fields?: LogFields) => logs.push(JSON.stringify({ level, event, ...fields })),
    ...options,
  });
  return media;
}

const failure = (promise: Promise<unknown>) => rejection(promise, MediaError);

const callsTo = (server: FakeServer, path: string) => server.calls.filter((call) => call.path.split('?')[0] === path);

beforeEach(async () => {
  logs = [];
  upstream = await startFakeServer();
  trap = await startFakeServer();
});

afterEach(async () => {
  await media?.close();
  media = undefined;
  await upstream.close();
  await trap.close();
  // Whatever happened, neither the token nor a signature reached a log line.
  for (const line of logs) {
    expect(line).not.toContain(TOKEN);
    expect(line).not.toMatch(/sig=|exp=|CfDJ8/);
  }
});

describe('MediaUpstream: the happy path', () => {
  it('resolves the redirect by hand and streams the bytes; the bearer goes to the blob endpoint only (F-12)', async () => {
    const bytes = randomBytes(64 * 1024);
    upstream.handle(BLOB_PATH, redirectTo(SIGNED, { 'x-nsfw-level': 'X' }));
    upstream.handle(CONTENT_PATH, serveBytes(bytes, 'image/png'));
    const stream = await open().open(BLOB);
    expect(stream).toMatchObject({ status: 200, contentType: 'image/png', contentLength: bytes.length, withheld: false, nsfwLevel: 'X' });
    expect((await readStream(stream.body)).equals(bytes)).toBe(true);
    expect(callsTo(upstream, BLOB_PATH)[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const content = callsTo(upstream, CONTENT_PATH);
    expect(content).toHaveLength(1);
    expect(content[0]?.headers.authorization).toBeUndefined();
    expect(content[0]?.headers.cookie).toBeUndefined();
  });

  it('accepts any 3xx, an absolute same-origin Location, and marks /blocked/ targets as withheld', async () => {
    upstream.handle(BLOB_PATH, (_req, res) => res.writeHead(301, { location: `${upstream.url}/v2/consumer/blobs/blocked/abc` }).end());
    upstream.handle('/v2/consumer/blobs/blocked/abc', serveBytes(Buffer.from('placeholder'), 'image/jpeg'));
    const stream = await open().open(BLOB);
    expect(stream.withheld).toBe(true);
    expect((await readStream(stream.body)).toString()).toBe('placeholder');
  });

  it('works through a configured `localhost` upstream', async () => {
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, serveBytes(Buffer.from('ok'), 'image/webp'));
    const stream = await open({ baseUrl: `http://localhost:${upstream.port}`, resolve: async () => [{ address: '127.0.0.1', family: 4 }] }).open(BLOB);
    expect((await readStream(stream.body)).toString()).toBe('ok');
  });

  it('reuses a resolved location for a while (one blob call for two opens)', async () => {
    upstream.handle(BLOB_PATH, redirectTo(SIGNED));
    upstream.handle(CONTENT_PATH, serveBytes(Buffer.from('x'), 'image/png'));
    const client = open({ locationCacheMs: 60_000 });
    await readStream((await client.open(BLOB)).body);
    await readStream((await client.open(BLOB)).body);
    expect(callsTo(upstream, BLOB_PATH)).toHaveLength(1);
    expect(callsTo(upstream, CONTENT_PATH)).toHaveLength(2);
  });
});

describe('MediaUpstream: redirect targets (F-26)', () => {
  const refusedLocations = () => [
    'http://169.254.169.254/latest/meta-data/',
    'http://127.0.0.1:3000/',
    'http://[::1]/',
    'http://10.0.0.5/',
    'http://0x7f000001/',
    'file:///etc/passwd',
    'https://orchestration.civitai.com.evil.test/v2/consumer/blobs/content/x',
    'https://evil.test/',
    `${trap.url}/v2/consumer/blobs/content/x`,
    `https://127.0.0.1:${upstream.port}/v2/consumer/blobs/content/x`,
    `http://user:pass@127.0.0.1:${upstream.port}/v2/consumer/blobs/content/x`,
    '/v2/consumer/workflows',
    '/v2/consumer/blobs/content/',
    '/v2/consumer/blobs/content/a/b',
    '/v2/consumer/blobs/content/%2e%2e',
    '/v2/consumer/blobs/content/../../../admin',
    '//evil.test/v2/consumer/blobs/content/x',
  ];

  it('refuses every target off the upstream origin or off the blob paths, before connecting', async () => {
    const locations = refusedLocations();
    const resolved: string[] = [];
    const client = open({ resolve: async (host) => (resolved.push(host), [{ address: '127.0.0.1', family: 4 }]) });
    for (const location of locations) {
      upstream.handle(BLOB_PATH, redirectTo(location));
      expect((await failure(client.open(BLOB))).kind, location).toBe('refused_target');
    }
    expect(trap.connections()).toBe(0);
    expect(resolved).toEqual([]);
    // Only the blob endpoint was called, once per attempt: nothing followed a refused Location.
    expect(upstream.calls.map((call) => call.path)).toEqual(locations.map(() => BLOB_PATH));
    expect(logs.filter((line) => line.includes('security.media_redirect_refused'))).toHaveLength(locations.length);
  });

  it('a redirect without a Location is refused', async () => {
    upstream.handle(BLOB_PATH, (_req, res) => res.writeHead(302).end());
    expect((await failure(open().open(BLOB))).kind).toBe('refused_target');
  });

  it('never follows a second hop, even to an allowed path', async () => {
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, redirectTo('/v2/consumer/blobs/content/second'));
    upstream.handle('/v2/consumer/blobs/content/second', serveBytes(Buffer.from('no'), 'image/png'));
    expect((await failure(open().open(BLOB))).kind).toBe('refused_target');
    expect(callsTo(upstream, '/v2/consumer/blobs/content/second')).toHaveLength(0);
  });
});

describe('MediaUpstream: resolved-address check (F-27)', () => {
  it.each([
    [['127.0.0.1']],
    [['10.0.0.5']],
    [['169.254.169.254']],
    [['::1']],
    [['::ffff:10.0.0.5']],
    [['93.184.216.34', '10.0.0.5']],
    [[]],
  ])('a named upstream resolving to %j is refused at connect time', async (addresses) => {
    const client = open({
      baseUrl: `http://orchestration.test:${upstream.port}`,
      resolve: async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    });
    expect((await failure(client.open(BLOB))).kind).toBe('refused_target');
    expect(upstream.connections()).toBe(0);
    expect(logs.some((line) => line.includes('security.media_address_refused'))).toBe(true);
  });

  it('a configured literal address allows that address only', async () => {
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, serveBytes(Buffer.from('ok'), 'image/png'));
    expect((await readStream((await open().open(BLOB)).body)).toString()).toBe('ok');
  });
});

describe('MediaUpstream: content types (F-28)', () => {
  it.each(['text/html', 'image/svg+xml', null, 'application/octet-stream', 'image/png-but-not'])(
    'refuses %s',
    async (type) => {
      upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
      upstream.handle(CONTENT_PATH, serveBytes(Buffer.from('<svg onload=alert(1)>'), type));
      expect((await failure(open().open(BLOB))).kind).toBe('unsupported_type');
    },
  );

  it.each(['image/jpeg', 'IMAGE/PNG; charset=binary', 'image/gif', 'video/mp4', 'video/webm'])('serves %s', async (type) => {
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, serveBytes(Buffer.from('ok'), type));
    const stream = await open().open(BLOB);
    expect(stream.contentType).toBe(type.split(';')[0]!.toLowerCase());
    await readStream(stream.body);
  });
});

describe('MediaUpstream: byte cap and ranges (F-29)', () => {
  const cap = 256 * 1024;

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, serveBytes(randomBytes(cap + 1), 'video/mp4'));
    expect((await failure(open({ maxBytes: cap }).open(BLOB))).kind).toBe('too_large');
  });

  it('aborts a chunked body at the cap while streaming', async () => {
    let written = 0;
    let closed = false;
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, (_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.on('close', () => (closed = true));
      const chunk = randomBytes(16 * 1024);
      const pump = () => {
        while (!closed && written < cap * 256) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const stream = await open({ maxBytes: cap }).open(BLOB);
    let received = 0;
    const error = await (async () => {
      try {
        for await (const chunk of stream.body) received += chunk.byteLength;
      } catch (caught) {
        return caught;
      }
    })();
    expect((error as MediaError).kind).toBe('too_large');
    expect(received).toBeLessThanOrEqual(cap);
    await expect.poll(() => closed).toBe(true);
    // The upstream stopped being read long before it finished sending (socket buffers hold a few MB at most).
    expect(written).toBeLessThan(cap * 64);
  });

  it('passes a single range through and answers 206 with its Content-Range', async () => {
    const bytes = randomBytes(4096);
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, serveBytes(bytes, 'video/mp4'));
    const client = open();
    const first = await client.open(BLOB, { range: 'bytes=0-1023' });
    expect(first).toMatchObject({ status: 206, contentRange: 'bytes 0-1023/4096', acceptRanges: true });
    expect((await readStream(first.body)).equals(bytes.subarray(0, 1024))).toBe(true);
    const open_ = await client.open(BLOB, { range: 'bytes=4000-' });
    expect(open_.contentRange).toBe('bytes 4000-4095/4096');
    expect((await readStream(open_.body)).equals(bytes.subarray(4000))).toBe(true);
  });

  it('an unsatisfiable range is a 416 with the size', async () => {
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, serveBytes(randomBytes(10), 'video/mp4'));
    const error = await failure(open().open(BLOB, { range: 'bytes=50-' }));
    expect(error.kind).toBe('range_not_satisfiable');
    expect(error.extra.contentRange).toBe('bytes */10');
  });

  it('does not forward malformed or multiple ranges', () => {
    expect(validRange('bytes=0-1023')).toBe('bytes=0-1023');
    expect(validRange('bytes=-500')).toBe('bytes=-500');
    for (const bad of ['bytes=0-1,5-6', 'bytes=5-1', 'items=0-1', 'bytes=a-b', 'bytes=0-1\r\nx: y', '']) {
      expect(validRange(bad)).toBeNull();
    }
  });
});

describe('MediaUpstream: expired signatures (F-25)', () => {
  it('re-resolves exactly once and then succeeds', async () => {
    let contentCalls = 0;
    upstream.handle(BLOB_PATH, redirectTo(SIGNED));
    upstream.handle(CONTENT_PATH, (req, res) => {
      contentCalls += 1;
      if (contentCalls === 1) res.writeHead(403, { 'content-type': 'text/plain' }).end('expired');
      else serveBytes(Buffer.from('fresh'), 'image/png')(req, res);
    });
    const stream = await open().open(BLOB);
    expect((await readStream(stream.body)).toString()).toBe('fresh');
    expect(callsTo(upstream, BLOB_PATH)).toHaveLength(2);
    expect(contentCalls).toBe(2);
  });

  it('still 403 after the re-resolve: expired, with no loop (≤ 2 storage calls)', async () => {
    upstream.handle(BLOB_PATH, redirectTo(SIGNED));
    upstream.handle(CONTENT_PATH, (_req, res) => res.writeHead(403).end());
    expect((await failure(open().open(BLOB))).kind).toBe('expired');
    expect(callsTo(upstream, CONTENT_PATH)).toHaveLength(2);
    expect(callsTo(upstream, BLOB_PATH)).toHaveLength(2);
  });

  it('a cached location that expired is refreshed once', async () => {
    let contentCalls = 0;
    upstream.handle(BLOB_PATH, redirectTo(SIGNED));
    upstream.handle(CONTENT_PATH, (req, res) => {
      contentCalls += 1;
      if (contentCalls === 2) res.writeHead(401).end();
      else serveBytes(Buffer.from('ok'), 'image/png')(req, res);
    });
    const client = open({ locationCacheMs: 60_000 });
    await readStream((await client.open(BLOB)).body);
    await readStream((await client.open(BLOB)).body);
    expect(callsTo(upstream, BLOB_PATH)).toHaveLength(2);
    expect(contentCalls).toBe(3);
  });
});

describe('MediaUpstream: upstream statuses', () => {
  it.each([
    [404, 'not_found'],
    [410, 'not_found'],
    [403, 'unavailable'],
    [401, 'upstream_rejected'],
    [500, 'upstream_unavailable'],
    [503, 'upstream_unavailable'],
    [200, 'upstream_unavailable'],
  ] as const)('blob endpoint %d → %s', async (status, kind) => {
    upstream.handle(BLOB_PATH, (_req, res) =>
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`echo: Bearer ${TOKEN}`),
    );
    const error = await failure(open().open(BLOB));
    expect(error.kind).toBe(kind);
    expect(error.message).not.toContain(TOKEN);
  });

  it('content 404 is not_found; 500 is upstream_unavailable', async () => {
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, (_req, res) => res.writeHead(404).end());
    expect((await failure(open().open(BLOB))).kind).toBe('not_found');
    upstream.handle(CONTENT_PATH, (_req, res) => res.writeHead(500).end());
    expect((await failure(media!.open(BLOB))).kind).toBe('upstream_unavailable');
  });

  it('an unreachable upstream is upstream_unavailable', async () => {
    const port = upstream.port;
    await upstream.close();
    upstream = await startFakeServer();
    expect((await failure(open({ baseUrl: `http://127.0.0.1:${port}` }).open(BLOB))).kind).toBe('upstream_unavailable');
  });

  it('a caller that goes away aborts the request', async () => {
    upstream.handle(BLOB_PATH, () => {});
    const controller = new AbortController();
    const pending = open().open(BLOB, { signal: controller.signal });
    await expect.poll(() => callsTo(upstream, BLOB_PATH).length).toBe(1);
    controller.abort();
    expect((await failure(pending)).kind).toBe('aborted');
  });
});

describe('MediaUpstream.readAll', () => {
  it('reads a small blob whole and refuses one over its own limit', async () => {
    const bytes = randomBytes(2048);
    upstream.handle(BLOB_PATH, redirectTo(CONTENT_PATH));
    upstream.handle(CONTENT_PATH, serveBytes(bytes, 'image/png'));
    const client = open();
    const whole = await client.readAll(BLOB, 4096);
    expect(whole.bytes.equals(bytes)).toBe(true);
    expect(whole.stream.contentType).toBe('image/png');
    expect((await failure(client.readAll(BLOB, 1024))).kind).toBe('too_large');
  });
});
