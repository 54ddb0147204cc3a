import 'server-only';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';

/**
 * Where the media proxy may connect (TEST-PLAN F-26, F-27). Two independent checks:
 *
 * 1. Before any connection, a redirect target must be on the configured upstream's exact origin (scheme, host,
 *    port) under its `/v2/consumer/blobs/content/` or `/blocked/` path. Anything else is refused without a request.
 * 2. At connect time, every address the host name resolves to must be public unicast. Private, loopback,
 *    link-local, CGNAT, unique-local, multicast and IPv4-embedding IPv6 ranges are refused, so a name that was
 *    allowed by (1) but later resolves inside our network (DNS rebinding) is refused too. The socket connects to
 *    the address that was checked, never to a second lookup. The single exception is the configured upstream
 *    itself when it is written as a literal address or `localhost`: the emulator listens on 127.0.0.1.
 */

export class RefusedTarget extends Error {
  constructor(readonly why: string) {
    super(`Refused media target: ${why}`);
    this.name = 'RefusedTarget';
  }
}

export type ResolvedAddress = { address: string; family: number };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export interface AddressPolicy {
  /** Non-public addresses allowed anyway: those of an upstream configured as a literal address or localhost. */
  allowedPrivate: ReadonlySet<string>;
}

function normalise(address: string): string {
  return ipaddr.process(address).toNormalizedString();
}

function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export function addressPolicyFor(upstream: URL): AddressPolicy {
  const host = bareHost(upstream.hostname);
  if (isIP(host)) return { allowedPrivate: new Set([normalise(host)]) };
  if (host === 'localhost') return { allowedPrivate: new Set([normalise('127.0.0.1'), normalise('::1')]) };
  return { allowedPrivate: new Set() };
}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

export function isAllowedAddress(address: string, policy: AddressPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  return isPublicAddress(address) || policy.allowedPrivate.has(normalise(address));
}

const BLOB_TARGET = /^(content|blocked)\/[A-Za-z0-9._~-]+$/;

export interface AllowedTarget {
  url: URL;
  /** `/blocked/`: the orchestrator's moderation placeholder, not the original pixels. */
  withheld: boolean;
}

/**
 * Checks a blob endpoint's `Location` against the configured upstream: exact origin, no credentials, and the
 * content or blocked path under the upstream's own base path. Relative locations resolve against the request.
 */
export function checkRedirectTarget(location: string | null, requestUrl: URL, upstream: URL): AllowedTarget {
  if (!location) throw new RefusedTarget('redirect without a Location');
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    throw new RefusedTarget('unparseable Location');
  }
  if (target.protocol !== upstream.protocol) throw new RefusedTarget(`scheme ${target.protocol} not allowed`);
  if (target.origin !== upstream.origin) throw new RefusedTarget(`host ${target.host} not allowed`);
  if (target.username || target.password) throw new RefusedTarget('credentials in Location');
  const prefix = `${upstream.pathname.replace(/\/+$/, '')}/v2/consumer/blobs/`;
  const rest = target.pathname.startsWith(prefix) ? target.pathname.slice(prefix.length) : '';
  const match = BLOB_TARGET.exec(rest);
  if (!match || rest.includes('..')) throw new RefusedTarget('path is not a blob content or blocked path');
  target.hash = '';
  return { url: target, withheld: match[1] === 'blocked' };
}

export interface GuardedAgentOptions {
  policy: AddressPolicy;
  resolve?: Resolver;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Told about every refused connection, for the security log. */
  onRefused?: (hostname: string, address: string) => void;
}

/** An undici Agent whose every connection goes only to a checked address. */
export function createGuardedAgent(options: GuardedAgentOptions): Agent {
  const resolve = options.resolve ?? systemResolver;
  const connectTo = buildConnector({ timeout: options.connectTimeoutMs ?? 10_000 });
  const refuse = (hostname: string, address: string): RefusedTarget => {
    options.onRefused?.(hostname, address);
    return new RefusedTarget(`address ${address} of ${hostname} is not public`);
  };

  const connect: buildConnector.connector = (connectOptions, callback) => {
    const hostname = bareHost(connectOptions.hostname);
    const addresses: Promise<ResolvedAddress[]> = isIP(hostname)
      ? Promise.resolve([{ address: hostname, family: isIP(hostname) }])
      : resolve(hostname);
    addresses.then(
      (resolved) => {
        // Every answer must pass: a mixed answer is how rebinding slips a private address in.
        const refused = resolved.length === 0 ? '(none)' : resolved.find((a) => !isAllowedAddress(a.address, options.policy))?.address;
        if (refused !== undefined) {
          callback(refuse(hostname, refused), null);
          return;
        }
        const address = resolved[0]!.address;
        connectTo(
          {
            ...connectOptions,
            hostname: address,
            // TLS still names and verifies the host, not the address.
            servername: connectOptions.servername ?? (isIP(hostname) ? undefined : hostname),
          },
          callback,
        );
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };

  return new Agent({
    connect,
    headersTimeout: options.headersTimeoutMs ?? 15_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
  });
}
