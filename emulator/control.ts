import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import type { CallbackSender } from './callbacks';
import { dotnetDate } from './format';
import type { CallRecord, FaultEngine, FaultRule, Latency } from './faults';
import { sha256, type MediaCache } from './media';
import { mediaSpec } from './routes/blobs';
import type { ControlledRisk, Scenarios } from './scenarios';
import { signedBlobUrl } from './seed/materialise';
import type { Store, TaintRecord } from './store';
import type { EmulatorEnv } from './state';

/**
 * Test control: in-process as `control`, and over HTTP under /__emulator/ when enabled, answering loopback callers only.
 * Control calls are not in the call log.
 */

export interface BlobReadout {
  id: string;
  nsfwLevel: string | null;
  blockedReason: string | null;
  available: boolean;
  /** sha256 of the exact bytes /content/ serves for this blob. */
  sha256: string;
  contentType: string;
  bytes: number;
}

export interface CallFilter {
  path?: RegExp | string;
  method?: string;
}

export interface EmulatorControl {
  calls(filter?: CallFilter): CallRecord[];
  clearCalls(): void;
  setFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  setLatency(latency: Latency | null): void;
  inFlight(): number;
  maxInFlight(): number;
  resetMaxInFlight(): void;
  /** Synchronous; an image not rendered yet is rendered on the spot (about a second). */
  blob(blobId: string): BlobReadout | undefined;
  blobAsync(blobId: string): Promise<BlobReadout | undefined>;
  /** A signed URL for a blob with a chosen expiry (an expired one answers 403). */
  signedBlobUrl(blobId: string, expiresAt: Date): string;
  taints(): TaintRecord[];
  /** Completes one new workflow now with that CSAM risk, sends its callback, and answers its id. */
  completeWorkflow(options: CompleteWorkflow): string;
  /** Resolves when every callback sent so far was delivered or given up. */
  callbacksSettled(): Promise<void>;
  readonly scenarios: Scenarios;
  readonly store: Store;
}

const FaultRuleSchema = z.object({
  method: z.string().optional(),
  path: z.string().refine((source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  }, 'not a regular expression'),
  kind: z.enum(['status', 'hang', 'truncate', 'invalidJson', 'html', 'missingFields', 'latency', 'slowBody', 'redirect', 'contentType', 'bigBody']),
  status: z.number().int().min(100).max(599).optional(),
  retryAfter: z.string().optional(),
  rate: z.number().min(0).max(1).optional(),
  times: z.number().int().min(0).optional(),
  latencyMs: z.number().min(0).optional(),
  jitterMs: z.number().min(0).optional(),
  body: z.string().optional(),
  location: z.string().optional(),
  contentType: z.string().optional(),
  bytesPerSecond: z.number().positive().optional(),
  bytes: z.number().int().min(0).optional(),
  fields: z.array(z.string()).optional(),
});
const CompleteWorkflowSchema = z.object({
  ownerId: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  endUser: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  risk: z.enum(['below', 'near', 'above']),
});
export type CompleteWorkflow = { ownerId?: number; endUser?: number; risk: ControlledRisk };

const LatencySchema = z.object({ fixedMs: z.number().min(0), jitterMs: z.number().min(0).optional() }).nullable();

export function createControl(
  store: Store,
  faults: FaultEngine,
  media: MediaCache,
  origin: () => string,
  scenarios: () => Scenarios,
  callbacks: CallbackSender,
): EmulatorControl {
  const readout = (blobId: string, bytesOf: (spec: ReturnType<typeof mediaSpec>) => Buffer) => {
    const found = store.findBlob(blobId);
    if (!found) return undefined;
    const { blob } = found;
    const bytes = bytesOf(mediaSpec(blob));
    return {
      id: blob.id,
      nsfwLevel: blob.nsfwLevel ?? null,
      blockedReason: blob.blockedReason,
      available: blob.available,
      sha256: sha256(bytes),
      contentType: blob.contentType,
      bytes: bytes.length,
    };
  };
  return {
    calls(filter = {}) {
      const pattern = typeof filter.path === 'string' ? new RegExp(filter.path) : filter.path;
      return faults.calls.filter(
        (call) => (!pattern || pattern.test(call.path)) && (!filter.method || call.method === filter.method.toUpperCase()),
      );
    },
    clearCalls: () => void faults.calls.splice(0),
    setFaults: (rules) => faults.setFaults(rules.map((rule) => FaultRuleSchema.parse(rule))),
    clearFaults: () => faults.setFaults([]),
    setLatency: (latency) => faults.setLatency(LatencySchema.parse(latency)),
    inFlight: () => faults.inFlight,
    maxInFlight: () => faults.maxInFlight,
    resetMaxInFlight: () => faults.resetMaxInFlight(),
    blob: (blobId) => readout(blobId, (spec) => media.contentSync(spec)),
    async blobAsync(blobId) {
      const found = store.findBlob(blobId);
      if (!found) return undefined;
      const bytes = await media.content(mediaSpec(found.blob));
      return readout(blobId, () => bytes);
    },
    signedBlobUrl: (blobId, expiresAt) => signedBlobUrl(store.context, blobId, dotnetDate(expiresAt.getTime())).replace(/^\{\{emulator-origin\}\}/, origin()),
    taints: () => [...store.taints],
    completeWorkflow(options) {
      const record = store.complete(CompleteWorkflowSchema.parse(options));
      callbacks.send({ $type: 'workflow', workflowId: record.id, status: record.status, timestamp: new Date().toISOString() });
      return record.id;
    },
    callbacksSettled: () => callbacks.settled(),
    get scenarios() {
      return scenarios();
    },
    store,
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Only the socket's peer address counts; forwarding headers are ignored. */
export const isLoopback = (address: string | undefined) => LOOPBACK.has(address ?? '');

export function controlRoutes(control: EmulatorControl, enabled: boolean) {
  const app = new Hono<EmulatorEnv>();
  app.use('*', async (c, next) => {
    // Absent unless enabled, and refused from anything but loopback: the same 404 either way.
    if (!enabled || !isLoopback(getConnInfo(c).remote.address)) return c.json({ status: 404, title: 'Not Found' }, 404);
    return next();
  });
  const readBody = async (c: { req: { text(): Promise<string> } }) => {
    const text = await c.req.text();
    return text ? (JSON.parse(text) as unknown) : null;
  };
  app.get('/calls', (c) => c.json(control.calls({ path: c.req.query('path'), method: c.req.query('method') })));
  app.delete('/calls', (c) => {
    control.clearCalls();
    return c.body(null, 204);
  });
  app.put('/faults', async (c) => {
    const parsed = z.array(FaultRuleSchema).safeParse(await readBody(c));
    if (!parsed.success) return c.json({ status: 400, title: 'Invalid fault rules', errors: parsed.error.issues }, 400);
    control.setFaults(parsed.data);
    return c.body(null, 204);
  });
  app.delete('/faults', (c) => {
    control.clearFaults();
    return c.body(null, 204);
  });
  app.put('/latency', async (c) => {
    const parsed = LatencySchema.safeParse(await readBody(c));
    if (!parsed.success) return c.json({ status: 400, title: 'Invalid latency' }, 400);
    control.setLatency(parsed.data);
    return c.body(null, 204);
  });
  app.get('/gauge', (c) => c.json({ inFlight: control.inFlight(), maxInFlight: control.maxInFlight() }));
  app.delete('/gauge', (c) => {
    control.resetMaxInFlight();
    return c.body(null, 204);
  });
  app.get('/blobs/:blobId', async (c) => {
    const readout = await control.blobAsync(c.req.param('blobId'));
    return readout ? c.json(readout) : c.json({ status: 404, title: 'Not Found' }, 404);
  });
  app.get('/blobs/:blobId/signed-url', (c) => {
    const expiresAt = new Date(c.req.query('exp') ?? Date.now() + 3600_000);
    if (Number.isNaN(expiresAt.getTime()) || !control.store.findBlob(c.req.param('blobId'))) return c.json({ status: 404, title: 'Not Found' }, 404);
    return c.json({ url: control.signedBlobUrl(c.req.param('blobId'), expiresAt) });
  });
  app.post('/workflows', async (c) => {
    const parsed = CompleteWorkflowSchema.safeParse(await readBody(c));
    if (!parsed.success) return c.json({ status: 400, title: 'Invalid workflow request', errors: parsed.error.issues }, 400);
    return c.json({ id: control.completeWorkflow(parsed.data) }, 201);
  });
  app.get('/scenarios', (c) => c.json(control.scenarios));
  app.get('/taints', (c) => c.json(control.taints()));
  app.onError((error, c) => c.json({ status: 400, title: 'Bad control request', detail: error.message }, 400));
  return app;
}
