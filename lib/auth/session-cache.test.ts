import { describe, expect, it } from 'vitest';
import { SESSION_CACHE_TTL_MS, SessionCache, sessionCacheKey, type CachedSession } from './session-cache';

function row(sessionId: string, userId = `user-of-${sessionId}`): CachedSession {
  const createdAt = new Date('2026-12-02T12:00:00Z');
  return {
    sessionId,
    userId,
    email: `${userId}@example.test`,
    name: userId,
    role: 'moderator',
    disabled: false,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 12 * 3_600_000),
    lastSeenAt: createdAt,
  };
}

/** A cache on a clock the test moves, and a loader that counts its database reads. */
function setUp(options: { maxEntries?: number } = {}) {
  let time = 1_000;
  const cache = new SessionCache({ ...options, clock: () => time });
  const reads: string[] = [];
  const loader = (found: CachedSession | null) => () => {
    reads.push(found?.sessionId ?? 'none');
    return Promise.resolve(found);
  };
  return { cache, reads, loader, advance: (ms: number) => (time += ms) };
}

describe('SessionCache', () => {
  it('answers from memory within the TTL, and reads again after it', async () => {
    const { cache, reads, loader, advance } = setUp();
    const session = row('s1');
    expect(await cache.get('cookie-1', loader(session))).toEqual(session);
    advance(SESSION_CACHE_TTL_MS - 1);
    expect(await cache.get('cookie-1', loader(session))).toEqual(session);
    expect(reads).toEqual(['s1']);
    advance(1);
    expect(await cache.get('cookie-1', loader(session))).toEqual(session);
    expect(reads).toEqual(['s1', 's1']);
  });

  it('shares one read among concurrent requests with the same cookie', async () => {
    const { cache } = setUp();
    let reads = 0;
    let finish!: (session: CachedSession) => void;
    const slowLoader = () => {
      reads += 1;
      return new Promise<CachedSession>((resolve) => (finish = resolve));
    };
    const answers = Promise.all(Array.from({ length: 20 }, () => cache.get('cookie-1', slowLoader)));
    await Promise.resolve();
    finish(row('s1'));
    expect((await answers).map((session) => session?.sessionId)).toEqual(Array(20).fill('s1'));
    expect(reads).toBe(1);
  });

  it('shares a failed read too, and keeps nothing from it', async () => {
    const { cache, reads, loader } = setUp();
    const failing = () => Promise.reject(new Error('database down'));
    const [first, second] = await Promise.allSettled([cache.get('cookie-1', failing), cache.get('cookie-1', failing)]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('rejected');
    expect(await cache.get('cookie-1', loader(row('s1')))).toMatchObject({ sessionId: 's1' });
    expect(reads).toEqual(['s1']);
  });

  it('does not keep a cookie that names no session', async () => {
    const { cache, reads, loader } = setUp();
    expect(await cache.get('forged', loader(null))).toBeNull();
    expect(await cache.get('forged', loader(null))).toBeNull();
    expect(reads).toEqual(['none', 'none']);
    expect(cache.size).toBe(0);
  });

  it('holds at most maxEntries, dropping the oldest read first, and drops expired entries', async () => {
    const { cache, reads, loader, advance } = setUp({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) {
      await cache.get(`cookie-${id}`, loader(row(id)));
      advance(10);
    }
    expect(cache.size).toBe(3);
    await cache.get('cookie-d', loader(row('d')));
    await cache.get('cookie-b', loader(row('b')));
    expect(reads).toEqual(['a', 'b', 'c', 'd']);
    await cache.get('cookie-a', loader(row('a')));
    expect(reads).toEqual(['a', 'b', 'c', 'd', 'a']);

    advance(SESSION_CACHE_TTL_MS);
    await cache.get('cookie-e', loader(row('e')));
    expect(cache.size).toBe(1);
  });

  it('forgets a session by its id, and every session of a user by user id, at once', async () => {
    const { cache, reads, loader } = setUp();
    await cache.get('cookie-1', loader(row('s1', 'mia')));
    await cache.get('cookie-2', loader(row('s2', 'mia')));
    await cache.get('cookie-3', loader(row('s3', 'noah')));

    cache.forgetSession('s1');
    expect(await cache.get('cookie-1', loader(null))).toBeNull();
    await cache.get('cookie-2', loader(row('s2', 'mia')));
    expect(reads).toEqual(['s1', 's2', 's3', 'none']);

    cache.forgetUser('mia');
    expect(await cache.get('cookie-2', loader(null))).toBeNull();
    await cache.get('cookie-3', loader(row('s3', 'noah')));
    expect(reads).toEqual(['s1', 's2', 's3', 'none', 'none']);
  });

  it('does not keep a read that began before a forget, nor hand it to later requests', async () => {
    const { cache, reads, loader } = setUp();
    let finish!: (session: CachedSession) => void;
    const before = cache.get('cookie-1', () => new Promise<CachedSession>((resolve) => (finish = resolve)));
    await Promise.resolve();
    cache.forgetUser('mia');
    const after = cache.get('cookie-1', loader(null));
    finish(row('s1', 'mia'));
    expect(await before).toMatchObject({ sessionId: 's1' });
    expect(await after).toBeNull();
    expect(await cache.get('cookie-1', loader(null))).toBeNull();
    expect(reads).toEqual(['none', 'none']);
  });

  it('keeps a newer last-seen time written by the guard, never an older one', async () => {
    const { cache, loader } = setUp();
    await cache.get('cookie-1', loader(row('s1')));
    const later = new Date('2026-12-02T12:05:00Z');
    cache.markSeen('cookie-1', later);
    cache.markSeen('cookie-1', new Date('2026-12-02T12:01:00Z'));
    expect((await cache.get('cookie-1', loader(null)))?.lastSeenAt).toEqual(later);
  });

  it('keys entries by a hash of the cookie, never the cookie itself', () => {
    const cookie = 'token-value.signature=';
    expect(sessionCacheKey(cookie)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessionCacheKey(cookie)).not.toContain('token-value');
    expect(sessionCacheKey(cookie)).toBe(sessionCacheKey(cookie));
  });
});
