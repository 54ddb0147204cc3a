import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CallRecord, FaultRule, Latency } from '../../emulator/index';
import { stopChild } from './processes';

export type { CallRecord, FaultRule, Latency };

/**
 * The parent's side of the benchmark emulator: start it in a child process, then call its control object
 * (call log, faults, latency, in-flight gauge, scenarios, blob facts) as if it were local.
 */

export interface EmulatorOptions {
  seed: number;
  workflows: number;
  latency: Latency;
  port?: number;
  /** ISO instant the seeded data is anchored to (default: the emulator's fixed anchor). */
  anchor?: string;
  /** Where to post workflow callbacks, with the shared secret. */
  callback?: { url: string; secret: string };
}

export interface BenchEmulator {
  url: string;
  pid: number;
  /** Calls to the control object, whatever it offers: `control('calls')`, `control('setFaults', [rules])`. */
  control<T>(method: string, ...args: unknown[]): Promise<T>;
  calls(): Promise<CallRecord[]>;
  setFaults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  setLatency(latency: Latency | null): Promise<void>;
  stop(): Promise<void>;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
type Ready = { ready: true; url: string };

const CHILD = fileURLToPath(new URL('./emulator-child.ts', import.meta.url));

export async function startBenchEmulator(options: EmulatorOptions, readyTimeoutMs = 120_000): Promise<BenchEmulator> {
  const child: ChildProcess = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_EMULATOR_OPTIONS: JSON.stringify({ ...options, control: true }) },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator did not start in time')), readyTimeoutMs);
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code} before it was ready`)));
    child.on('message', (message: Ready | Reply) => {
      if ('ready' in message) {
        clearTimeout(timer);
        resolve(message.url);
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return;
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`emulator control: ${message.error}`));
    });
  });
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the emulator exited'));
    pending.clear();
  });

  const control = <T>(method: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, method, args });
    });

  return {
    url,
    pid: child.pid!,
    control,
    calls: () => control<CallRecord[]>('calls'),
    setFaults: (rules) => control('setFaults', rules),
    clearFaults: () => control('clearFaults'),
    setLatency: (latency) => control('setLatency', latency),
    async stop() {
      if (child.connected) child.disconnect();
      await stopChild(child);
    },
  };
}

/** Counts the upstream calls made while `action` runs (the call log only grows). */
export async function callsDuring<T>(emulator: BenchEmulator, action: () => Promise<T>): Promise<{ result: T; calls: CallRecord[] }> {
  const before = await emulator.control<number>('callCount');
  const result = await action();
  const calls = await emulator.control<CallRecord[]>('callsSince', before);
  return { result, calls };
}
