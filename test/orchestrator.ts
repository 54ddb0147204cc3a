import { afterAll, afterEach, beforeAll } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@/emulator';

/**
 * For test files only: one emulator for the file, started before its tests and closed after them, with faults,
 * latency and the call log reset after every test so each test counts only its own upstream calls.
 */
export function emulatorForFile(options: EmulatorOptions = { workflows: 200 }): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterAll(() => emulator?.close());
  afterEach(() => {
    emulator?.control.clearFaults();
    emulator?.control.setLatency(null);
    emulator?.control.clearCalls();
  });
  return () => {
    if (!emulator) throw new Error('the emulator is not started yet (use it inside a test or hook)');
    return emulator;
  };
}

/** Resolves once `condition` holds; polls, never sleeps a fixed time. */
export function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(check, 5);
    };
    check();
  });
}
