import { describe, expect, it } from 'vitest';
import { createCursorCodec, fingerprint } from './cursor';

const SECRET = 'test-secret-test-secret-test-secret-0001';
const point = { upstreamCursor: 'cursor-7', offset: 12, lastId: '8484131-20260121222126332', upstreamTake: 100 };

function expectChanged(run: () => unknown) {
  expect(run).toThrow(expect.objectContaining({ kind: 'invalid_input', field: 'cursor', message: 'The list changed, start again.' }));
}

describe('list cursors', () => {
  const codec = createCursorCodec(SECRET);
  const filters = fingerprint({ tags: ['gen'], status: 'failed' });

  it('round-trips for the same filters, whatever the key order', () => {
    const token = codec.encode(point, filters);
    expect(codec.decode(token, fingerprint({ status: 'failed', tags: ['gen'] }))).toEqual(point);
  });

  it('refuses a cursor made for other filters', () => {
    const token = codec.encode(point, filters);
    expectChanged(() => codec.decode(token, fingerprint({ tags: ['gen'], status: 'succeeded' })));
  });

  it('refuses a tampered body, a tampered signature and junk', () => {
    const token = codec.encode(point, filters);
    const [body, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), o: 0 })).toString('base64url');
    expectChanged(() => codec.decode(`${forged}.${signature}`, filters));
    expectChanged(() => codec.decode(`${body}.${signature!.slice(0, -2)}AA`, filters));
    expectChanged(() => codec.decode('not-a-cursor', filters));
    expectChanged(() => codec.decode(`${body}.${signature}.extra`, filters));
    expectChanged(() => codec.decode('x'.repeat(10_000), filters));
  });

  it('refuses a cursor signed by another deployment', () => {
    const foreign = createCursorCodec('another-secret-another-secret-another-1').encode(point, filters);
    expectChanged(() => codec.decode(foreign, filters));
  });
});
