import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Who is asking, decided once by the console's entry point (scripts/console-server.ts) from the socket and the
 * trusted proxies, never from what a client claims. Each proxy appends the address it received the request from,
 * so the chain is the X-Forwarded-For entries followed by the socket peer; with N trusted proxies the last N
 * entries of that chain are theirs, and the client is the right-most entry none of them wrote. With no proxy
 * (N = 0) that is the socket peer, and a client's own X-Forwarded-For is ignored.
 *
 * The entry point then replaces X-Forwarded-For with that one address and X-Request-Id with a request id of its
 * own (or the trusted proxy's), so everything behind it (pages, routes, better-auth) reads the same answer.
 */

export type Forwarding = { clientIp: string | null; requestId: string };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function entries(forwardedFor: string | null | undefined): string[] {
  return (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function resolveForwarding(
  request: { forwardedFor: string | null | undefined; requestId: string | null | undefined; peer: string | null | undefined },
  trustedProxyHops: number,
): Forwarding {
  const chain = [...(trustedProxyHops > 0 ? entries(request.forwardedFor) : []), request.peer ?? ''];
  const candidate = chain[chain.length - 1 - trustedProxyHops];
  const fromProxy = trustedProxyHops > 0 ? request.requestId : null;
  return {
    clientIp: candidate ? normaliseIp(candidate) : null,
    requestId: fromProxy && REQUEST_ID.test(fromProxy) ? fromProxy : crypto.randomUUID(),
  };
}

/** The address the entry point resolved (it leaves exactly one entry), or null. */
export function clientIpFrom(headers: Headers): string | null {
  const resolved = entries(headers.get('x-forwarded-for'));
  return resolved.length === 1 ? normaliseIp(resolved[0]!) : null;
}

/** The entry point's request id; a fresh one where there is none (a unit test, `next dev`). */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/** A canonical address (IPv4-mapped IPv6 as IPv4), or null when the text is not an IP address. */
export function normaliseIp(text: string): string | null {
  // node's check is strict; ipaddr.js alone would accept forms like 127.1 or 0x7f000001.
  if (!isIP(text)) return null;
  return ipaddr.process(text).toString();
}
