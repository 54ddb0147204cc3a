/**
 * The risk indexer as a process of its own, beside (or instead of) the one each console starts:
 *   npm run indexer [-- --once] [--lease-seconds 60]
 * Same configuration as the console (DATABASE_URL, CIVITAI_API_URL/TOKEN, INDEX_*). Several of them (and several
 * consoles) share the work through leases in PostgreSQL. With PGlite a folder takes one process: run this only with
 * DATABASE_URL, or with the console stopped.
 *   --once            plan the backfill, work until nothing is left to claim and every indexed image is hashed, then
 *                     exit (no follower)
 *   --lease-seconds   how long a claimed unit stays this process's without a renewal (default 60)
 *   --webhook-port    also receive the upstream's callbacks here (POST /api/webhooks/orchestrator, the console's
 *                     route; needs ORCHESTRATOR_WEBHOOK_SECRET), on 127.0.0.1
 */
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { closeDb } from '@/lib/db/client';
import { EnvError } from '@/lib/env-schema';
import { env } from '@/lib/env';
import { indexerFromEnv } from '@/lib/risk-index/console-indexer';
import { receiveWebhook } from '@/lib/risk-index/webhook';
import { startOutputHasher } from '@/lib/similar/console-hasher';

const { values: args } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    'lease-seconds': { type: 'string', default: '60' },
    'webhook-port': { type: 'string' },
  },
});

const leaseSeconds = Number(args['lease-seconds']);
if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > 3_600) {
  console.error('indexer: --lease-seconds must be a whole number from 1 to 3600');
  process.exit(2);
}

try {
  const hasher = startOutputHasher();
  const indexer = indexerFromEnv({ leaseSeconds, onOutputsIndexed: (outputs) => void hasher.enqueue(outputs) });
  console.log(`indexer ${indexer.holder} started`);
  if (args.once) {
    await indexer.plan();
    await indexer.drain();
    // Everything indexed is hashed before exiting (failures stay unhashed, remembered, and are not retried here).
    do await hasher.idle();
    while ((await hasher.catchUp()) > 0);
    await hasher.stop();
    console.log(`indexer ${indexer.holder} found nothing left to claim${indexer.lastError ? `; last error: ${indexer.lastError}` : ''}`);
    await closeDb();
  } else {
    indexer.start();
    if (args['webhook-port']) serveWebhook(Number(args['webhook-port']), () => indexer.nudge());
    const stop = () =>
      void indexer
        .stop()
        .then(() => hasher.stop())
        .then(() => closeDb())
        .finally(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

/** The console's webhook route, served by this process: the same handler, behind a plain HTTP server. */
function serveWebhook(port: number, nudge: () => void): void {
  const secret = env().ORCHESTRATOR_WEBHOOK_SECRET;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (req.method !== 'POST' || url.pathname !== '/api/webhooks/orchestrator') {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])));
    const request = new Request(url, { method: 'POST', headers, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit);
    receiveWebhook(request, secret)
      .then(({ status, body }) => {
        if (status === 202) nudge();
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      })
      .catch((error: unknown) => {
        console.error('indexer: webhook failed', error);
        res.writeHead(500).end();
      });
  });
  server.listen(port, '127.0.0.1', () => console.log(`indexer webhook on http://127.0.0.1:${port}/api/webhooks/orchestrator`));
}
