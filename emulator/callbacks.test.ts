import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobStatusSchema, WorkflowPageSchema, WorkflowSchema } from '../lib/orchestrator/schemas';
import { WEBHOOK_SECRET_HEADER } from '../lib/risk-index/webhook-wire';
import type { WorkflowEvent } from './callbacks';
import { startEmulator, type RunningEmulator } from './index';
import { call } from './test-support';

const SECRET = 'emulator-callback-secret-0001';
let emu: RunningEmulator;
let receiver: Server;
const received: { secret: string | undefined; event: WorkflowEvent }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      received.push({ secret: req.headers[WEBHOOK_SECRET_HEADER] as string | undefined, event: JSON.parse(body) as WorkflowEvent });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  emu = await startEmulator({ seed: 5, workflows: 100, control: true, callback: { url: `http://127.0.0.1:${port}/hook`, secret: SECRET } });
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('POST /__emulator/workflows', () => {
  it('completes one workflow now with the chosen risk, lists it first, and sends its callback with the secret', async () => {
    const created = await fetch(`${emu.url}/__emulator/workflows`, { method: 'POST', body: JSON.stringify({ risk: 'above', endUser: 4242 }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const page = await call(`${emu.url}/v2/consumer/workflows?take=1`, WorkflowPageSchema);
    expect(page.body.items[0]?.id).toBe(id);
    const workflow = await call(`${emu.url}/v2/consumer/workflows/${id}`, WorkflowSchema);
    expect(workflow.body).toMatchObject({ status: 'succeeded', tags: expect.arrayContaining(['user:4242']) });
    const jobId = workflow.body.steps?.[0]?.jobs?.[0]?.id;
    const job = await call(`${emu.url}/v1/consumer/jobs/${jobId}?detailed=true`, JobStatusSchema);
    expect((job.body.lastEvent?.context as Record<string, string>).hive_csam_score).toBe('72.50 %');

    await emu.control.callbacksSettled();
    expect(received).toEqual([{ secret: SECRET, event: { $type: 'workflow', workflowId: id, status: 'succeeded', timestamp: expect.any(String) } }]);
  });

  it('refuses an unknown risk with 400 and creates nothing', async () => {
    const before = emu.control.store.size;
    const refused = await fetch(`${emu.url}/__emulator/workflows`, { method: 'POST', body: JSON.stringify({ risk: 'extreme' }) });
    expect(refused.status).toBe(400);
    expect(emu.control.store.size).toBe(before);
  });
});
