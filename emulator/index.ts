import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { TokenTable } from './auth';
import { CallbackSender, type CallbackTarget } from './callbacks';
import { controlRoutes, createControl, type EmulatorControl } from './control';
import { scenarioFacts } from './facts';
import { FaultEngine, type FaultRule, type Latency } from './faults';
import { dotnetDate } from './format';
import { MediaCache } from './media';
import { blobRoutes } from './routes/blobs';
import { jobRoutes } from './routes/jobs';
import { managerRoutes } from './routes/manager';
import { workflowRoutes } from './routes/workflows';
import type { Scenarios } from './scenarios';
import type { EmulatorEnv, EmulatorState } from './state';
import { Store } from './store';
import { DEMO_SERVICE_TOKEN, DEMO_USER_TOKENS } from './tokens';
import { problem } from './wire';

export type { BlobReadout, CallFilter, EmulatorControl } from './control';
export type { CallRecord, FaultKind, FaultRule, Latency } from './faults';
export type { GalleryBlob, Scenarios } from './scenarios';

/** The instant seeded data is anchored to, unless chosen: ids and dates then repeat exactly for a seed. */
export const DEFAULT_ANCHOR = '2026-11-20T12:00:00.000Z';
/** Signed URLs this process issues expire a week after it starts. */
const URL_LIFETIME_MS = 7 * 86_400_000;

export interface EmulatorOptions {
  seed?: number;
  workflows?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  latency?: Latency;
  faults?: FaultRule[];
  managerList?: 'paged' | 'bare';
  /** Cap of the manager list's `Take` (default 100). */
  managerTakeCap?: number;
  serviceToken?: string;
  /** Civitai user id -> token, added to the demo user tokens. */
  userTokens?: Record<string, string>;
  /** Serve the loopback-only control endpoint under /__emulator/. */
  control?: boolean;
  anchor?: string | Date;
  /** Where to post workflow callbacks (contract §3.8), with the shared secret; none = no callbacks. */
  callback?: CallbackTarget;
}

export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
  control: EmulatorControl;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? 42;
  const serviceToken = options.serviceToken ?? DEMO_SERVICE_TOKEN;
  const userTokens = { ...DEMO_USER_TOKENS, ...options.userTokens };
  const store = new Store({
    seed,
    workflows: options.workflows ?? 2000,
    anchorMs: new Date(options.anchor ?? DEFAULT_ANCHOR).getTime(),
    urlExpiry: dotnetDate(Date.now() + URL_LIFETIME_MS),
  });
  const tokens = new TokenTable(serviceToken, store.population.integrator, userTokens);
  const faults = new FaultEngine(seed, options.faults ?? [], options.latency ?? null);
  const media = new MediaCache();
  const state: EmulatorState = {
    store,
    tokens,
    media,
    faults,
    managerList: options.managerList ?? 'paged',
    managerTakeCap: options.managerTakeCap ?? 100,
  };

  let url = '';
  let facts: Scenarios | undefined;
  const callbacks = new CallbackSender(options.callback ?? null, faults.closing.signal);
  const control = createControl(
    store,
    faults,
    media,
    () => url,
    () => (facts ??= scenarioFacts(store, { service: serviceToken, users: userTokens })),
    callbacks,
  );

  const app = new Hono<EmulatorEnv>({ strict: false });
  app.route('/__emulator', controlRoutes(control, options.control ?? false));
  const apiOnly = (handler: MiddlewareHandler<EmulatorEnv>): MiddlewareHandler<EmulatorEnv> => (c, next) =>
    new URL(c.req.url).pathname.startsWith('/__emulator') ? next() : handler(c, next);
  app.use('*', apiOnly(faults.callLog((header) => tokens.resolve(header).kind)));
  app.use('*', apiOnly(faults.middleware()));
  app.route('/v2/consumer/workflows', workflowRoutes(state));
  app.route('/v2/consumer/blobs', blobRoutes(state));
  app.route('/v1/consumer/jobs', jobRoutes(state));
  app.route('/v1/manager', managerRoutes(state));
  app.notFound((c) => problem(c, 404, 'No such endpoint.'));
  app.onError((error, c) => {
    console.error('[emulator]', error);
    return problem(c, 500);
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
    started.once('error', reject);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        faults.closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
