/**
 * The emulator for a benchmark, in a process of its own so that its 50 ms timers do not share an event loop with
 * the load generator. The parent drives its in-process control object over IPC (see ./emulator.ts).
 */
import { startEmulator } from '../../emulator/index';

type Request = { id: number; method: string; args: unknown[] };

const options = JSON.parse(process.env.BENCH_EMULATOR_OPTIONS ?? '{}') as Parameters<typeof startEmulator>[0];
const emulator = await startEmulator(options);
// The control object, plus two reads that keep IPC messages small while the call log grows.
const control: Record<string, unknown> = Object.assign(Object.create(emulator.control) as object, {
  callCount: () => emulator.control.calls().length,
  callsSince: (index: number) => emulator.control.calls().slice(index),
});

process.on('message', async (message: Request) => {
  try {
    const member = control[message.method];
    const value = typeof member === 'function' ? await (member as (...args: unknown[]) => unknown).apply(control, message.args) : member;
    process.send!({ id: message.id, ok: true, value });
  } catch (error) {
    process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

process.on('disconnect', async () => {
  await emulator.close();
  process.exit(0);
});

process.send!({ ready: true, url: emulator.url });
