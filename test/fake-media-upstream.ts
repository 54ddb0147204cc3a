import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny loopback HTTP server for the media tests: each test says how each path answers, and the server records
 * every connection and request (with its headers), so a test can prove what never reached it.
 */

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export type FakeHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface FakeServer {
  url: string;
  port: number;
  calls: RecordedCall[];
  connections: () => number;
  handle: (path: string, handler: FakeHandler) => void;
  close: () => Promise<void>;
}

export async function startFakeServer(): Promise<FakeServer> {
  const handlers = new Map<string, FakeHandler>();
  const calls: RecordedCall[] = [];
  let connections = 0;
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    calls.push({ method: request.method ?? 'GET', path, headers: request.headers });
    const handler = handlers.get(path.split('?')[0]!);
    if (handler) handler(request, response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    connections: () => connections,
    handle: (path, handler) => handlers.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A blob endpoint answering 308 to `location`, as the Orchestration API does. */
export function redirectTo(location: string, extraHeaders: Record<string, string> = {}): FakeHandler {
  return (_request, response) => response.writeHead(308, { location, ...extraHeaders }).end();
}

/** Content answering with `body`, honouring a single `bytes=a-b` / `bytes=a-` range. */
export function serveBytes(body: Buffer, contentType: string | null): FakeHandler {
  return (request, response) => {
    const headers: Record<string, string> = { 'accept-ranges': 'bytes' };
    if (contentType) headers['content-type'] = contentType;
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      if (start >= body.length) {
        response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
      headers['content-length'] = String(end + 1 - start);
      response.writeHead(206, headers).end(body.subarray(start, end + 1));
      return;
    }
    headers['content-length'] = String(body.length);
    response.writeHead(200, headers).end(body);
  };
}

export async function readStream(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
