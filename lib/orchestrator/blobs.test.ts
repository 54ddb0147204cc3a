import { describe, expect, it } from 'vitest';
import { readProbe } from './blobs';

const ORIGIN = 'https://orchestration.civitai.com';
const probe = (status: number, location: string | null, level: string | null = null) =>
  readProbe('B.jpeg', status, location, level, ORIGIN);

describe('readProbe', () => {
  it('reads a same-origin redirect to content as viewable, with the level lower-cased', () => {
    expect(probe(308, '/v2/consumer/blobs/content/abc', 'X')).toEqual({ blobId: 'B.jpeg', visibility: 'viewable', nsfwLevel: 'x', note: null });
    expect(probe(301, `${ORIGIN}/v2/consumer/blobs/content/abc`).visibility).toBe('viewable');
  });

  it('reads a redirect to blocked as blocked', () => {
    expect(probe(308, '/v2/consumer/blobs/blocked/abc', 'XXX')).toMatchObject({ visibility: 'blocked', nsfwLevel: 'xxx' });
  });

  it('never reads a foreign, odd or missing redirect as viewable', () => {
    expect(probe(308, 'https://evil.test/v2/consumer/blobs/content/abc').visibility).toBe('unavailable');
    expect(probe(308, '/somewhere/else').visibility).toBe('unavailable');
    expect(probe(308, null).visibility).toBe('unavailable');
    expect(probe(308, 'http://[bad').visibility).toBe('unavailable');
  });

  it('reads 404, 403 and a direct 200 as unavailable', () => {
    for (const status of [404, 403, 410, 200]) expect(probe(status, null).visibility).toBe('unavailable');
  });

  it('keeps an unknown level as given, lower-cased, rather than dropping it', () => {
    expect(probe(308, '/v2/consumer/blobs/content/a', 'Weird').nsfwLevel).toBe('weird');
  });
});
