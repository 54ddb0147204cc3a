import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EmulatorControl } from './control';
import { startLiveTraffic } from './live';
import { makePopulation } from './seed/population';

/** Live traffic: the set rate, the seeded risk mix, the same sequence on every run. */

function recordingControl() {
  const completed: Parameters<EmulatorControl['completeWorkflow']>[0][] = [];
  const control = {
    store: { population: makePopulation(42, 2_000) },
    completeWorkflow: (options: (typeof completed)[number]) => {
      completed.push(options);
      return `${options.ownerId ?? 5}-x`;
    },
  } as unknown as EmulatorControl;
  return { control, completed };
}

afterEach(() => vi.useRealTimers());

describe('startLiveTraffic', () => {
  it('completes workflows at the set rate until stopped, with the same owners and risks on every run', () => {
    vi.useFakeTimers();
    const first = recordingControl();
    const stop = startLiveTraffic(first.control, 30, 42);
    vi.advanceTimersByTime(60_000);
    expect(first.completed).toHaveLength(30);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(first.completed).toHaveLength(30);

    const second = recordingControl();
    const again = startLiveTraffic(second.control, 30, 42);
    vi.advanceTimersByTime(60_000);
    again();
    expect(second.completed).toEqual(first.completed);
  });

  it('follows the seeded mix: mostly below, some near, a few above; Civitai users and end users alike', () => {
    vi.useFakeTimers();
    const { control, completed } = recordingControl();
    const stop = startLiveTraffic(control, 600, 7);
    vi.advanceTimersByTime(200_000);
    stop();
    const share = (risk: string) => completed.filter((item) => item.risk === risk).length / completed.length;
    expect(completed.length).toBe(2_000);
    expect(share('below')).toBeGreaterThan(0.75);
    expect(share('near')).toBeGreaterThan(0.08);
    expect(share('above')).toBeGreaterThan(0.03);
    expect(share('above')).toBeLessThan(0.1);
    const byCivitaiUser = completed.filter((item) => item.ownerId !== undefined).length / completed.length;
    expect(byCivitaiUser).toBeGreaterThan(0.4);
    expect(byCivitaiUser).toBeLessThan(0.6);
    expect(completed.every((item) => (item.ownerId === undefined) !== (item.endUser === undefined))).toBe(true);
  });
});
