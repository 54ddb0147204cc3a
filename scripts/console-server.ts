/**
 * The console's production entry point (`npm start`, and what `npm run serve` / `npm run demo` start): Next.js
 * serving the production build behind a plain Node HTTP server that first decides who is asking. The client
 * address comes from the socket peer, or with TRUSTED_PROXY_HOPS > 0 from the right-most X-Forwarded-For entry no
 * trusted proxy wrote; whatever a client sent in X-Forwarded-For, X-Request-Id or X-Forwarded-Host/-Proto/-Port
 * is replaced before Next.js sees the request (lib/request/forwarded.ts).
 *   tsx scripts/console-server.ts [--port 3000] [--hostname 127.0.0.1]
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { parseArgs } from 'node:util';
import { EnvError, parseEnv } from '../lib/env-schema';
import { resolveForwarding } from '../lib/request/forwarded';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' },
    hostname: { type: 'string', short: 'H', default: process.env.HOSTNAME ?? '0.0.0.0' },
  },
});

// Before Next.js loads: it reads NODE_ENV once.
process.env = { ...process.env, NODE_ENV: 'production' };
let hops: number;
try {
  hops = parseEnv(process.env).TRUSTED_PROXY_HOPS;
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/** Rewrites the forwarding headers in place: what the rest of the console reads is decided here only. */
function settleForwarding(headers: IncomingHttpHeaders, peer: string | undefined): void {
  const { clientIp, requestId } = resolveForwarding(
    { forwardedFor: single(headers['x-forwarded-for']), requestId: single(headers['x-request-id']), peer },
    hops,
  );
  delete headers['x-forwarded-for'];
  if (clientIp) headers['x-forwarded-for'] = clientIp;
  headers['x-request-id'] = requestId;
  // Without a proxy these are a client's claims; Next.js would otherwise trust them (its Server Action origin check).
  if (hops === 0) for (const name of ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port']) delete headers[name];
}

const started = Date.now();
const port = Number(args.port);
const { default: next } = await import('next');
const app = next({ dev: false, dir: process.cwd(), hostname: args.hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((request, response) => {
  settleForwarding(request.headers, request.socket.remoteAddress);
  void handle(request, response);
});
server.listen(port, args.hostname, () => {
  console.log(`Ready in ${Date.now() - started}ms: http://${args.hostname}:${port} (trusted proxy hops: ${hops})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
