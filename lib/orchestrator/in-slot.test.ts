import { describe, expect, it } from 'vitest';
import { createOrchestratorClient } from './client';
import { SlotUnavailable } from './resilience';

/** A read the client does not make itself (the output hasher's blob bytes) still takes a slot of the upstream cap. */
describe('OrchestratorClient.inSlot', () => {
  it('holds one slot of the cap while the task runs; a background task waits for it, and a released slot is free again', async () => {
    const client = createOrchestratorClient({ baseUrl: 'http://127.0.0.1:9', concurrency: 1 });
    let finish!: () => void;
    const first = client.inSlot({}, () => new Promise<void>((resolve) => (finish = resolve)));
    let ran = false;
    const second = client.inSlot({ lane: 'background' }, async () => {
      ran = true;
    });
    await Promise.resolve();
    expect(client.load()).toEqual({ inFlight: 1, waiting: 1 });
    expect(ran).toBe(false);
    finish();
    await Promise.all([first, second]);
    expect(ran).toBe(true);
    expect(client.load()).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('gives the slot back when the task fails, and a waiter that aborts leaves the queue', async () => {
    const client = createOrchestratorClient({ baseUrl: 'http://127.0.0.1:9', concurrency: 1 });
    await expect(client.inSlot({}, async () => Promise.reject(new Error('unreadable')))).rejects.toThrow('unreadable');
    let finish!: () => void;
    const holder = client.inSlot({}, () => new Promise<void>((resolve) => (finish = resolve)));
    const controller = new AbortController();
    const waiting = client.inSlot({ signal: controller.signal, lane: 'background' }, async () => 'never');
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(SlotUnavailable);
    finish();
    await holder;
    expect(client.load()).toEqual({ inFlight: 0, waiting: 0 });
  });
});
