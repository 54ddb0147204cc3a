/**
 * The small pieces that keep a slow or failing upstream from taking the console down with it: a concurrency cap
 * whose queued callers can give up, a circuit breaker, a retry budget, full-jitter backoff and Retry-After parsing.
 * Plain and clock-injected so each rule is unit-testable without a server.
 */

export type Clock = () => number;

/** Thrown when a wait for a slot ends because the caller aborted or its budget ran out. */
export class SlotUnavailable extends Error {
  constructor(readonly reason: 'aborted' | 'timeout') {
    super(reason === 'aborted' ? 'aborted while waiting for an upstream slot' : 'no upstream slot within the budget');
    this.name = 'SlotUnavailable';
  }
}

interface Waiter {
  grant: () => void;
}

/**
 * A counting semaphore. A queued caller that aborts (closed tab) or runs out of budget leaves the queue at once,
 * so it never holds or later takes a slot nobody will use. Background callers (the risk indexer) queue behind every
 * interactive caller, and hold at most `backgroundLimit` slots: a freed slot goes to a moderator's request first.
 */
export class Semaphore {
  private active = 0;
  private activeBackground = 0;
  private readonly queue: Waiter[] = [];
  private readonly background: Waiter[] = [];

  /** `backgroundLimit`: the most slots background callers hold at once, so some are always a moderator's. */
  constructor(
    readonly limit: number,
    readonly backgroundLimit = limit,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length + this.background.length;
  }

  /** Resolves with a release function; release is idempotent. */
  acquire(signal?: AbortSignal, timeoutMs?: number, lane: 'interactive' | 'background' = 'interactive'): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new SlotUnavailable('aborted'));
    const background = lane === 'background';
    const queue = background ? this.background : this.queue;
    if (background ? this.queue.length === 0 && this.backgroundFree() : this.active < this.limit) {
      return Promise.resolve(this.take(background));
    }
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const leave = (reason: 'aborted' | 'timeout') => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        cleanup();
        reject(new SlotUnavailable(reason));
      };
      const onAbort = () => leave('aborted');
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve(this.take(background));
        },
      };
      queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(() => leave('timeout'), Math.max(0, timeoutMs));
    });
  }

  private backgroundFree(): boolean {
    return this.active < this.limit && this.activeBackground < this.backgroundLimit;
  }

  private take(background: boolean): () => void {
    this.active += 1;
    if (background) this.activeBackground += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      if (background) this.activeBackground -= 1;
      // A freed slot goes to a waiting moderator first; a background caller only within its share.
      if (this.queue.length > 0) this.queue.shift()!.grant();
      else if (this.background.length > 0 && this.backgroundFree()) this.background.shift()!.grant();
    };
  }
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  consecutiveFailures: number;
  /** Failure ratio over the last `window` outcomes that opens it, once `minimumSamples` are in. */
  failureRatio: number;
  window: number;
  minimumSamples: number;
  /** How long it stays open before one probe is let through. */
  resetTimeoutMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = {
  consecutiveFailures: 5,
  failureRatio: 0.5,
  window: 20,
  minimumSamples: 10,
  resetTimeoutMs: 10_000,
};

export type BreakerPermit = { allowed: true; probe: boolean } | { allowed: false; retryAfterMs: number };

/** What one attempt says about the upstream's health. `neutral` (caller aborted, throttled) says nothing. */
export type Outcome = 'success' | 'failure' | 'neutral';

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  recentFailureRatio: number;
  /** When open: milliseconds until a probe may go through. */
  retryAfterMs: number;
}

/**
 * Closed → open after repeated failures → half-open after the reset timeout, where exactly one probe goes
 * through; its success closes the breaker, its failure opens it again. While open every call fails at once.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private consecutive = 0;
  private outcomes: boolean[] = [];
  private openedAt = 0;
  private probeInFlight = false;

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: Clock,
    private readonly onTransition: (from: BreakerState, to: BreakerState) => void = () => {},
  ) {}

  permit(): BreakerPermit {
    if (this.state === 'open') {
      const waited = this.now() - this.openedAt;
      if (waited < this.options.resetTimeoutMs) {
        return { allowed: false, retryAfterMs: this.options.resetTimeoutMs - waited };
      }
      this.move('half_open');
    }
    if (this.state === 'half_open') {
      if (this.probeInFlight) return { allowed: false, retryAfterMs: Math.min(1_000, this.options.resetTimeoutMs) };
      this.probeInFlight = true;
      return { allowed: true, probe: true };
    }
    return { allowed: true, probe: false };
  }

  record(outcome: Outcome, wasProbe: boolean): void {
    if (wasProbe) {
      this.probeInFlight = false;
      if (outcome === 'success') this.close();
      else if (outcome === 'failure') this.open();
      return;
    }
    if (outcome === 'neutral' || this.state !== 'closed') return;
    this.consecutive = outcome === 'failure' ? this.consecutive + 1 : 0;
    this.outcomes.push(outcome === 'failure');
    if (this.outcomes.length > this.options.window) this.outcomes.shift();
    const failures = this.outcomes.filter(Boolean).length;
    const ratioTripped =
      this.outcomes.length >= this.options.minimumSamples &&
      failures / this.outcomes.length >= this.options.failureRatio;
    if (this.consecutive >= this.options.consecutiveFailures || ratioTripped) this.open();
  }

  snapshot(): BreakerSnapshot {
    const failures = this.outcomes.filter(Boolean).length;
    const retryAfterMs =
      this.state === 'open' ? Math.max(0, this.options.resetTimeoutMs - (this.now() - this.openedAt)) : 0;
    return {
      state: this.state,
      consecutiveFailures: this.consecutive,
      recentFailureRatio: this.outcomes.length === 0 ? 0 : failures / this.outcomes.length,
      retryAfterMs,
    };
  }

  private open(): void {
    this.openedAt = this.now();
    this.move('open');
  }

  private close(): void {
    this.consecutive = 0;
    this.outcomes = [];
    this.move('closed');
  }

  private move(to: BreakerState): void {
    if (this.state === to) return;
    const from = this.state;
    this.state = to;
    this.onTransition(from, to);
  }
}

/**
 * Retries may add at most `ratio` extra attempts per logical request over time (plus a small reserve for bursts),
 * so a partly failing upstream is not hit with a multiple of its normal load.
 */
export class RetryBudget {
  private tokens: number;

  constructor(
    private readonly ratio = 0.1,
    private readonly reserve = 10,
  ) {
    this.tokens = reserve;
  }

  /** Called once per logical request. */
  deposit(): void {
    this.tokens = Math.min(this.reserve, this.tokens + this.ratio);
  }

  tryWithdraw(): boolean {
    // Tolerance for the float sum of ten 0.1 deposits.
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Full jitter: a uniform wait in [0, min(cap, base·2^(retry-1))). */
export function fullJitterDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in milliseconds from now.
 * Unreadable values are ignored (undefined), never treated as "retry at once".
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** A sleep that ends early (rejecting) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
