import { describe, expect, it } from 'vitest';
import { MEDIA_RESPONSE_HEADERS, mediaHeaders, mediaJson, mediaProblem } from './headers';

// TEST-PLAN F-30: exactly these on every media answer, bytes and refusals alike.
const EXPECTED = {
  'cache-control': 'no-store, private',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "sandbox; default-src 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

function expectMediaHeaders(headers: Headers) {
  for (const [name, value] of Object.entries(EXPECTED)) expect(headers.get(name), name).toBe(value);
  expect(headers.get('set-cookie')).toBeNull();
  expect([...headers.keys()].filter((name) => name.startsWith('x-amz') || name === 'location')).toEqual([]);
}

describe('media headers', () => {
  it('bytes: the fixed set plus type, length, range and inline disposition', () => {
    const headers = mediaHeaders({ contentType: 'video/mp4', contentLength: 1024, contentRange: 'bytes 0-1023/4096', acceptRanges: true });
    expectMediaHeaders(headers);
    expect(Object.fromEntries(headers)).toMatchObject({
      'content-type': 'video/mp4',
      'content-length': '1024',
      'content-range': 'bytes 0-1023/4096',
      'accept-ranges': 'bytes',
      'content-disposition': 'inline',
    });
    expect(headers.get('x-media-withheld')).toBeNull();
  });

  it('a download is an attachment whose file name cannot break the header', () => {
    const headers = mediaHeaders({ contentType: 'image/png', disposition: { type: 'attachment', filename: 'a"b\r\nSet-Cookie: x=1.png' } });
    expect(headers.get('content-disposition')).toBe('attachment; filename="a_b__Set-Cookie__x_1.png"');
    expectMediaHeaders(headers);
  });

  it('marks the orchestrator placeholder', () => {
    expect(mediaHeaders({ contentType: 'image/jpeg', withheld: true }).get('x-media-withheld')).toBe('blocked');
  });

  it('refusals carry them too (F-28: nosniff even on the error)', async () => {
    const response = mediaProblem(502, { kind: 'unsupported_type', title: 'Nope' });
    expect(response.status).toBe(502);
    expectMediaHeaders(response.headers);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual({ type: 'urn:orchestration-console:problem:unsupported_type', status: 502, kind: 'unsupported_type', title: 'Nope' });
  });

  it('JSON answers of the media API are never cached', () => {
    const response = mediaJson({ ok: true });
    expectMediaHeaders(response.headers);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('the fixed set is what the test plan lists', () => {
    expect(Object.fromEntries(Object.entries(MEDIA_RESPONSE_HEADERS).map(([k, v]) => [k.toLowerCase(), v]))).toEqual(EXPECTED);
  });
});
