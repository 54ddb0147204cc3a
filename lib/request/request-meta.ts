import 'server-only';
import { clientIpFrom, requestIdFrom } from './forwarded';

export type RequestMeta = { ip: string | null; requestId: string };

/**
 * The client's address and the request id as the console's entry point resolved them (lib/request/forwarded.ts):
 * the same for every check made while answering one request, and never what a client claims.
 */
export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientIpFrom(headers), requestId: requestIdFrom(headers) };
}
