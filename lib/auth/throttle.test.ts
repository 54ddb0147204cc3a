import { describe, expect, it } from 'vitest';
import { signInWaitMs } from './throttle';

const now = new Date('2026-12-02T12:00:00Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('signInWaitMs', () => {
  it('lets the first failures through without a wait', () => {
    expect(signInWaitMs({ count: 0, lastAt: null }, 5, now)).toBe(0);
    expect(signInWaitMs({ count: 4, lastAt: secondsAgo(0) }, 5, now)).toBe(0);
  });

  it('then waits 30 s after the last failure, doubling with each further one', () => {
    expect(signInWaitMs({ count: 5, lastAt: secondsAgo(0) }, 5, now)).toBe(30_000);
    expect(signInWaitMs({ count: 6, lastAt: secondsAgo(0) }, 5, now)).toBe(60_000);
    expect(signInWaitMs({ count: 7, lastAt: secondsAgo(10) }, 5, now)).toBe(110_000);
    expect(signInWaitMs({ count: 5, lastAt: secondsAgo(31) }, 5, now)).toBe(0);
  });

  it('never waits longer than 15 minutes', () => {
    expect(signInWaitMs({ count: 40, lastAt: secondsAgo(0) }, 5, now)).toBe(15 * 60_000);
    expect(signInWaitMs({ count: 40, lastAt: secondsAgo(15 * 60) }, 5, now)).toBe(0);
  });
});
