import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  DEFAULT_BREAKER,
  RetryBudget,
  Semaphore,
  SlotUnavailable,
  fullJitterDelay,
  parseRetryAfter,
} from './resilience';

describe('Semaphore', () => {
  it('queues beyond the limit and hands the slot on when released', async () => {
    const slots = new Semaphore(1);
    const first = await slots.acquire();
    let second: (() => void) | undefined;
    const pending = slots.acquire().then((release) => (second = release));
    expect(slots.waiting).toBe(1);
    first();
    await pending;
    expect(slots.inFlight).toBe(1);
    second!();
    expect(slots.inFlight).toBe(0);
  });

  it('lets a queued caller that aborts leave, without ever taking a slot', async () => {
    const slots = new Semaphore(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toEqual(new SlotUnavailable('aborted'));
    expect(slots.waiting).toBe(0);
    held();
    expect(slots.inFlight).toBe(0);
  });

  it('hands a freed slot to an interactive caller before any background caller queued earlier', async () => {
    const slots = new Semaphore(1);
    const held = await slots.acquire();
    const order: string[] = [];
    const background = slots.acquire(undefined, undefined, 'background').then((release) => {
      order.push('background');
      release();
    });
    const interactive = slots.acquire().then((release) => {
      order.push('interactive');
      release();
    });
    held();
    await Promise.all([background, interactive]);
    expect(order).toEqual(['interactive', 'background']);
  });

  it('keeps background callers within their share, so a moderator finds a free slot at once', async () => {
    const slots = new Semaphore(3, 2);
    const held = await Promise.all([slots.acquire(undefined, undefined, 'background'), slots.acquire(undefined, undefined, 'background')]);
    let third = false;
    const waiting = slots.acquire(undefined, undefined, 'background').then((release) => {
      third = true;
      return release;
    });
    const interactive = await slots.acquire();
    expect(slots.inFlight).toBe(3);
    interactive();
    await Promise.resolve();
    expect(third).toBe(false);
    held[0]!();
    (await waiting)();
    expect(third).toBe(true);
  });

  it('gives up at the budget', async () => {
    const slots = new Semaphore(1);
    await slots.acquire();
    await expect(slots.acquire(undefined, 5)).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('ignores a second release', async () => {
    const slots = new Semaphore(2);
    const release = await slots.acquire();
    release();
    release();
    expect(slots.inFlight).toBe(0);
  });
});

describe('CircuitBreaker', () => {
  function breaker(overrides = {}) {
    let now = 1_000;
    const transitions: string[] = [];
    const circuit = new CircuitBreaker(
      { ...DEFAULT_BREAKER, resetTimeoutMs: 1_000, ...overrides },
      () => now,
      (from, to) => transitions.push(`${from}->${to}`),
    );
    return { circuit, transitions, advance: (ms: number) => (now += ms) };
  }

  it('opens after consecutive failures and refuses at once with the wait left', () => {
    const { circuit } = breaker();
    for (let i = 0; i < 5; i += 1) circuit.record('failure', false);
    expect(circuit.snapshot().state).toBe('open');
    expect(circuit.permit()).toEqual({ allowed: false, retryAfterMs: 1_000 });
  });

  it('opens on the failure ratio even when failures are not consecutive', () => {
    const { circuit } = breaker({ consecutiveFailures: 100 });
    for (let i = 0; i < 10; i += 1) circuit.record(i % 2 === 0 ? 'failure' : 'success', false);
    expect(circuit.snapshot().state).toBe('open');
  });

  it('lets exactly one probe through after the reset timeout; its success closes it', () => {
    const { circuit, transitions, advance } = breaker();
    for (let i = 0; i < 5; i += 1) circuit.record('failure', false);
    advance(1_000);
    expect(circuit.permit()).toEqual({ allowed: true, probe: true });
    expect(circuit.permit().allowed).toBe(false);
    circuit.record('success', true);
    expect(circuit.snapshot().state).toBe('closed');
    expect(transitions).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  it('reopens when the probe fails', () => {
    const { circuit, advance } = breaker();
    for (let i = 0; i < 5; i += 1) circuit.record('failure', false);
    advance(1_000);
    circuit.permit();
    circuit.record('failure', true);
    expect(circuit.snapshot().state).toBe('open');
    expect(circuit.permit().allowed).toBe(false);
  });

  it('ignores neutral outcomes (throttling, cancelled callers)', () => {
    const { circuit } = breaker();
    for (let i = 0; i < 20; i += 1) circuit.record('neutral', false);
    expect(circuit.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });
});

describe('RetryBudget', () => {
  it('allows the reserve, then about one retry per ten requests', () => {
    const budget = new RetryBudget(0.1, 2);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    for (let i = 0; i < 10; i += 1) budget.deposit();
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
  });
});

describe('fullJitterDelay', () => {
  it('stays below the doubling ceiling and the cap', () => {
    expect(fullJitterDelay(1, 100, 1_000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(2, 100, 1_000, () => 0.999)).toBe(199);
    expect(fullJitterDelay(10, 100, 1_000, () => 0.999)).toBe(999);
    expect(fullJitterDelay(3, 100, 1_000, () => 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => expect(parseRetryAfter('120', now)).toBe(120_000));
  it('reads an HTTP-date', () => expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000));
  it('treats a past date as now', () => expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0));
  it('ignores junk and absence', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
