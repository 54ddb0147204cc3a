import 'server-only';
import { env } from '@/lib/env';
import { clientIpFrom, requestIdFrom } from './forwarded';

export type RequestMeta = { ip: string | null; requestId: string };

/** The client's address, taken from the X-Forwarded-For entry written by the nearest trusted proxy only. */
export function clientIp(headers: Headers): string | null {
  return clientIpFrom(headers, env().TRUSTED_PROXY_HOPS);
}

/** A request id: the trusted proxy's X-Request-Id when there is one, else a fresh one. Call once per request. */
export function requestId(headers: Headers): string {
  return requestIdFrom(headers, env().TRUSTED_PROXY_HOPS);
}

export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientIp(headers), requestId: requestId(headers) };
}
