import { expect } from 'vitest';

/** The error a promise rejects with, checked to be a `type`: for tests that then look at its kind and message. */
export async function rejection<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  const outcome = await promise.then(
    (value: unknown) => ({ settled: 'fulfilled' as const, value }),
    (error: unknown) => ({ settled: 'rejected' as const, error }),
  );
  expect(outcome.settled, 'the promise should have rejected').toBe('rejected');
  const { error } = outcome as { error: unknown };
  expect(error).toBeInstanceOf(type);
  return error as T;
}
