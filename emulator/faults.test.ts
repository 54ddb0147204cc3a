import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobStatusSchema, ProblemDetailsSchema, WorkflowPageSchema, WorkflowSchema } from '../lib/orchestrator/schemas';
import { isLoopback } from './control';
import { startEmulator, type FaultRule, type RunningEmulator, type Scenarios } from './index';
import { call, SERVICE } from './test-support';

let emu: RunningEmulator;
let s: Scenarios;
const api = (path: string) => `${emu.url}${path}`;
const LIST = '/v2/consumer/workflows';

beforeAll(async () => {
  emu = await startEmulator({ seed: 5, workflows: 200, control: true });
  s = emu.control.scenarios;
});
afterAll(() => emu.close());
afterEach(() => {
  emu.control.clearFaults();
  emu.control.setLatency(null);
  emu.control.clearCalls();
});

/** Polls a condition instead of sleeping a fixed time. */
async function until(condition: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const fault = (rule: Partial<FaultRule>) => emu.control.setFaults([{ path: `^${LIST}$`, kind: 'status', ...rule }]);

describe('status faults', () => {
  it('answers the chosen status once, with Retry-After only when configured, then recovers', async () => {
    fault({ status: 429, retryAfter: '2', times: 1 });
    const limited = await call(api(LIST), ProblemDetailsSchema);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await call(api(LIST), WorkflowPageSchema)).status).toBe(200);
    expect(emu.control.calls({ path: LIST }).map((c) => c.status)).toEqual([429, 200]);

    fault({ status: 429, times: 1 });
    expect((await call(api(LIST), null)).headers.get('retry-after')).toBeNull();
    for (const status of [401, 403, 404, 500, 503]) {
      fault({ status, times: 1 });
      const res = await call(api(LIST), ProblemDetailsSchema);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('sends an HTML gateway page with a 502', async () => {
    fault({ status: 502 });
    const res = await call(api(LIST), null);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('applies a rate from the seeded generator, so a run repeats exactly', async () => {
    const statuses = async (target: RunningEmulator) => {
      target.control.setFaults([{ path: `^${LIST}$`, kind: 'status', status: 500, rate: 0.3 }]);
      const out: number[] = [];
      for (let i = 0; i < 30; i += 1) out.push((await call(`${target.url}${LIST}?take=1`, null)).status);
      return out;
    };
    const twin = await startEmulator({ seed: 5, workflows: 60 });
    try {
      const first = await statuses(twin);
      expect(first.filter((status) => status === 500).length).toBeGreaterThan(2);
      expect(first.filter((status) => status === 200).length).toBeGreaterThan(10);
      const again = await startEmulator({ seed: 5, workflows: 60 });
      try {
        expect(await statuses(again)).toEqual(first);
      } finally {
        await again.close();
      }
    } finally {
      await twin.close();
    }
  });

  it('matches the method when given', async () => {
    fault({ status: 500, method: 'POST' });
    expect((await call(api(LIST), null)).status).toBe(200);
  });
});

describe('broken bodies', () => {
  it('hangs without headers until the client gives up, and frees the call', async () => {
    fault({ kind: 'hang' });
    await expect(fetch(api(LIST), { headers: { Authorization: SERVICE }, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await until(() => emu.control.inFlight() === 0);
    expect(emu.control.calls({ path: LIST })[0]?.status).toBe(0);
  });

  it('drops the connection mid-body (truncate)', async () => {
    fault({ kind: 'truncate' });
    const res = await fetch(api(LIST), { headers: { Authorization: SERVICE } });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('sends invalid JSON, or an HTML page with a 200', async () => {
    fault({ kind: 'invalidJson' });
    const broken = await call(api(LIST), null);
    expect(() => JSON.parse(broken.text)).toThrow();
    fault({ kind: 'html' });
    const html = await call(api(LIST), null);
    expect(html.status).toBe(200);
    expect(html.text).toMatch(/^<!DOCTYPE html>/);
  });

  it('removes fields (missingFields) so a parse sees them absent', async () => {
    emu.control.setFaults([{ path: '^/v1/consumer/jobs/', kind: 'missingFields' }]);
    const job = await call(api(`/v1/consumer/jobs/${s.riskyUser.aboveJobId}`), JobStatusSchema);
    expect(job.body.lastEvent).toBeDefined();
    expect(job.body.lastEvent?.context).toBeUndefined();
    emu.control.setFaults([{ path: '^/v2/consumer/workflows/', kind: 'missingFields', fields: ['jobs'] }]);
    const workflow = await call(api(`/v2/consumer/workflows/${s.gallery.workflowId}`), WorkflowSchema);
    expect(workflow.body.steps?.every((step) => step.jobs === undefined)).toBe(true);
  });

  it('trickles a body slowly (slowBody) but completely', async () => {
    emu.control.setFaults([{ path: '^/v1/consumer/jobs/', kind: 'slowBody', bytesPerSecond: 600 }]);
    const started = Date.now();
    const res = await call(api('/v1/consumer/jobs/58de87d7-d594-4d71-ae43-dd8fc1bcbd23'), ProblemDetailsSchema);
    expect(res.status).toBe(404);
    expect(Date.now() - started).toBeGreaterThan(200);
  });

  it('redirects anywhere, swaps the content type, or sends a huge valid body', async () => {
    fault({ kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/' });
    const redirect = await call(api(LIST), null);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('http://169.254.169.254/latest/meta-data/');
    fault({ kind: 'contentType', contentType: 'image/svg+xml' });
    expect((await call(api(LIST), null)).headers.get('content-type')).toBe('image/svg+xml');
    fault({ kind: 'bigBody', bytes: 3_000_000 });
    const big = await call(api(LIST), null);
    expect(big.headers.get('content-length')).toBe('3000000');
    expect(big.text.length).toBe(3_000_000);
    expect(JSON.parse(big.text).items.length).toBeGreaterThan(10_000);
  });
});

describe('latency, call log and concurrency gauge', () => {
  it('adds fixed latency globally and per rule', async () => {
    emu.control.setLatency({ fixedMs: 150 });
    let started = Date.now();
    await call(api(`${LIST}?take=1`), null);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    emu.control.setLatency(null);
    emu.control.setFaults([{ path: '^/v1/', kind: 'latency', latencyMs: 200, jitterMs: 20 }]);
    started = Date.now();
    await call(api(`/v1/consumer/jobs/${s.riskyUser.aboveJobId}`), null);
    expect(Date.now() - started).toBeGreaterThanOrEqual(170);
  });

  it('counts concurrent calls', async () => {
    emu.control.setLatency({ fixedMs: 200 });
    emu.control.resetMaxInFlight();
    await Promise.all(Array.from({ length: 6 }, () => call(api(`${LIST}?take=1`), null)));
    expect(emu.control.maxInFlight()).toBe(6);
    expect(emu.control.inFlight()).toBe(0);
  });

  it('logs method, path, query, status and how the call authenticated', async () => {
    await call(api(`${LIST}?take=2&tags=a`), null);
    await call(api(LIST), null, { auth: 'Bearer wrong' });
    await call(api(LIST), null, { auth: null });
    const location = (await call(api(`/v2/consumer/blobs/${s.gallery.byRole['level:pg']!.blobId}`), null)).headers.get('location')!;
    await call(api(location), null, { auth: null });
    const calls = emu.control.calls();
    expect(calls.map((c) => [c.method, c.path, c.status, c.auth, c.authorizationHeader])).toEqual([
      ['GET', LIST, 200, 'service', true],
      ['GET', LIST, 401, 'invalid', true],
      ['GET', LIST, 401, 'none', false],
      ['GET', `/v2/consumer/blobs/${s.gallery.byRole['level:pg']!.blobId}`, 308, 'service', true],
      ['GET', location, 200, 'none', false],
    ]);
    expect(calls[0]?.query).toBe('take=2&tags=a');
    expect(calls.every((c) => c.endedAt !== null && c.endedAt >= c.startedAt)).toBe(true);
  });
});

describe('HTTP control endpoint', () => {
  const control = (path: string, init?: RequestInit) => fetch(api(`/__emulator${path}`), init);

  it('sets faults, reads the call log, gauge, scenarios and blob read-outs; its own calls are not logged', async () => {
    const put = await control('/faults', { method: 'PUT', body: JSON.stringify([{ path: `^${LIST}$`, kind: 'status', status: 503, times: 1 }]) });
    expect(put.status).toBe(204);
    expect((await call(api(LIST), null)).status).toBe(503);
    const calls = (await (await control(`/calls?path=${encodeURIComponent('^/v2/')}`)).json()) as Array<{ status: number }>;
    expect(calls.map((c) => c.status)).toEqual([503]);
    expect(await (await control('/gauge')).json()).toMatchObject({ inFlight: 0 });
    const scenarios = (await (await control('/scenarios')).json()) as Scenarios;
    expect(scenarios.gallery.workflowId).toBe(s.gallery.workflowId);
    const readout = (await (await control(`/blobs/${s.gallery.byRole['level:x']!.blobId}`)).json()) as { sha256: string; nsfwLevel: string };
    expect(readout).toMatchObject({ nsfwLevel: 'x', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await control('/latency', { method: 'PUT', body: JSON.stringify({ fixedMs: 1 }) })).status).toBe(204);
    expect((await control('/faults', { method: 'PUT', body: JSON.stringify([{ path: '(', kind: 'status' }]) })).status).toBe(400);
    expect((await control('/calls', { method: 'DELETE' })).status).toBe(204);
    expect(emu.control.calls()).toEqual([]);
  });

  it('is absent unless enabled, and answers loopback peers only', async () => {
    const closed = await startEmulator({ seed: 5, workflows: 60 });
    try {
      expect((await fetch(`${closed.url}/__emulator/scenarios`)).status).toBe(404);
    } finally {
      await closed.close();
    }
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', undefined].some(isLoopback)).toBe(false);
  });
});
