import { createHash } from 'node:crypto';

/**
 * Resolved sessions kept in this process for a moment, so a live session costs no database read per request.
 * Plain TypeScript with an injectable clock (tests); the guard in ./session.ts still judges every request.
 */

/** What a session cookie resolved to; the guard checks it against `now` on every request. */
export type CachedSession = {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
};

/**
 * How long a read is trusted. Sign-out, revocation, disabling and role changes must reach every console instance
 * within 5 s; other instances learn of them only by reading again, so 2 s leaves room for a slow read and request.
 */
export const SESSION_CACHE_TTL_MS = 2_000;

/** A bound on memory (a few MB) however many cookies arrive; past it the oldest reads go first. */
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

export type SessionCacheOptions = { ttlMs?: number; maxEntries?: number; clock?: () => number };

type Entry = { session: CachedSession; readAt: number };

/** The key for a cookie: its SHA-256, so no session token sits in memory as a key. */
export function sessionCacheKey(cookie: string): string {
  return createHash('sha256').update(cookie).digest('base64url');
}

export class SessionCache {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;
  // Map order is insertion order, i.e. oldest read first: eviction and expiry work from the front.
  private readonly entries = new Map<string, Entry>();
  private readonly reads = new Map<string, Promise<CachedSession | null>>();
  // Bumped by every forget: a read that began before it must not store what it found.
  private generation = 0;

  constructor(options: SessionCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? SESSION_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? SESSION_CACHE_MAX_ENTRIES;
    // Monotonic: a wall-clock step must not keep an entry alive.
    this.clock = options.clock ?? (() => performance.now());
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The session this cookie names: from memory when read less than the TTL ago, otherwise from `load`, shared
   * by every caller asking for the same cookie meanwhile. A cookie that names no session is not kept.
   */
  get(cookie: string, load: () => Promise<CachedSession | null>): Promise<CachedSession | null> {
    const key = sessionCacheKey(cookie);
    const startedAt = this.clock();
    const entry = this.entries.get(key);
    if (entry && startedAt - entry.readAt < this.ttlMs) return Promise.resolve(entry.session);
    if (entry) this.entries.delete(key);
    const pending = this.reads.get(key);
    if (pending) return pending;

    const generation = this.generation;
    const read = Promise.resolve()
      .then(load)
      .then((session) => {
        // Aged from when the read began: what it saw may be that old.
        if (session && generation === this.generation) this.store(key, { session, readAt: startedAt });
        return session;
      })
      .finally(() => {
        if (this.reads.get(key) === read) this.reads.delete(key);
      });
    this.reads.set(key, read);
    return read;
  }

  /** The guard wrote a newer last-seen time: keep it here too, so idleness is judged on it and it is not written again. */
  markSeen(cookie: string, at: Date): void {
    const key = sessionCacheKey(cookie);
    const entry = this.entries.get(key);
    if (entry && entry.session.lastSeenAt < at) this.entries.set(key, { ...entry, session: { ...entry.session, lastSeenAt: at } });
  }

  /** The session ended in this process: forget it now. */
  forgetSession(sessionId: string): void {
    this.forget((session) => session.sessionId === sessionId);
  }

  /** The user's sessions ended, or their role or status changed: forget all of theirs now. */
  forgetUser(userId: string): void {
    this.forget((session) => session.userId === userId);
  }

  private forget(matches: (session: CachedSession) => boolean): void {
    this.generation += 1;
    // Reads under way may have seen the old rows: later callers start their own.
    this.reads.clear();
    for (const [key, entry] of this.entries) if (matches(entry.session)) this.entries.delete(key);
  }

  private store(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    const now = this.clock();
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size <= this.maxEntries && now - oldest.readAt < this.ttlMs) break;
      this.entries.delete(oldestKey);
    }
  }
}

// One cache per process, on globalThis: Next may load this module more than once, and a forget must reach the
// copy the guard reads.
const SESSION_CACHE = Symbol.for('review-console.session-cache');
type GlobalWithSessionCache = typeof globalThis & { [SESSION_CACHE]?: SessionCache };
const holder = globalThis as GlobalWithSessionCache;

/** This process's session cache. */
export function sessionCache(): SessionCache {
  return (holder[SESSION_CACHE] ??= new SessionCache());
}

/** For the data access layer: a session ended in this process. */
export function forgetCachedSession(sessionId: string): void {
  holder[SESSION_CACHE]?.forgetSession(sessionId);
}

/** For the data access layer: a user's sessions ended, or their role or status changed, in this process. */
export function forgetCachedUser(userId: string): void {
  holder[SESSION_CACHE]?.forgetUser(userId);
}
