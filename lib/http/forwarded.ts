import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Reading X-Forwarded-For without trusting the client. Each proxy appends the address it received the request from,
 * so with N trusted proxies in front of the console the client is the N-th entry from the right; everything to the
 * left of it was written by the client and proves nothing.
 *
 * Next.js fills X-Forwarded-For with the socket address only when the request has none, and keeps a client's own
 * header otherwise. With no proxy (0 hops) the last entry is therefore the socket address unless the client sent a
 * header of its own: exposed directly, a client can choose the recorded address. Deploy behind a proxy that sets
 * the header and say how many with TRUSTED_PROXY_HOPS; sign-in is also throttled per account for this reason.
 */
export function clientIpFrom(headers: Headers, trustedProxyHops: number): string | null {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const candidate = entries[entries.length - Math.max(trustedProxyHops, 1)];
  return candidate ? normaliseIp(candidate) : null;
}

/** A canonical address (IPv4-mapped IPv6 as IPv4), or null when the text is not an IP address. */
export function normaliseIp(text: string): string | null {
  // node's check is strict; ipaddr.js alone would accept forms like 127.1 or 0x7f000001.
  if (!isIP(text)) return null;
  return ipaddr.process(text).toString();
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headers: Headers, trustedProxyHops: number): string {
  const fromProxy = trustedProxyHops > 0 ? headers.get('x-request-id') : null;
  return fromProxy && REQUEST_ID.test(fromProxy) ? fromProxy : crypto.randomUUID();
}
