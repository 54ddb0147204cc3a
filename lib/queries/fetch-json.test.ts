import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, describeFailure } from './api-error';
import { apiPath, fetchJson } from './fetch-json';

afterEach(() => vi.unstubAllGlobals());

describe('apiPath', () => {
  it('repeats array keys and leaves empty values out', () => {
    expect(apiPath('/api/workflows', { tags: ['a', 'b,c'], q: '', userId: undefined, excludeFailed: false, take: 50, cursor: null })).toBe(
      '/api/workflows?tags=a&tags=b%2Cc&take=50',
    );
  });

  it('answers the bare path when nothing is set', () => {
    expect(apiPath('/api/status', {})).toBe('/api/status');
  });
});

describe('fetchJson', () => {
  it('turns a ProblemDetails answer into an ApiError that keeps the title, kind and field', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({ title: '`userId`: must be a Civitai user id', kind: 'invalid_input', field: 'userId' }, { status: 400 }),
      ),
    );
    const error = await fetchJson('/api/workflows?userId=x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, kind: 'invalid_input', field: 'userId', title: '`userId`: must be a Civitai user id' });
    expect(describeFailure(error).canRetry).toBe(false);
  });

  it('reads Retry-After and falls back to a readable title when the body is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<!DOCTYPE html>', { status: 503, headers: { 'retry-after': '7' } })));
    const error = (await fetchJson('/api/workflows').catch((caught: unknown) => caught)) as ApiError;
    expect(error.kind).toBe('upstream_unavailable');
    expect(error.retryAfterSeconds).toBe(7);
    expect(describeFailure(error)).toMatchObject({ title: 'The Orchestration API did not answer properly.', canRetry: true });
  });

  it('reports an unreachable console as a network failure, which may be retried', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = (await fetchJson('/api/status').catch((caught: unknown) => caught)) as ApiError;
    expect(error).toMatchObject({ status: 0, kind: 'network' });
  });
});
