import type { Context, MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { AuthKind } from './auth';
import { Rng } from './rng';
import { problemBody } from './wire';

/**
 * Fault injection, latency and the call log. Rules come from startEmulator options, control.setFaults or the loopback
 * control endpoint; each is tested against every API call in order, and the first that applies decides the answer
 * (latency rules only add delay and let later rules apply too). Randomness is seeded, so a fault run repeats.
 */

export type FaultKind =
  | 'status'
  | 'hang'
  | 'truncate'
  | 'invalidJson'
  | 'html'
  | 'missingFields'
  | 'latency'
  | 'slowBody'
  | 'redirect'
  | 'contentType'
  | 'bigBody';

export interface FaultRule {
  method?: string;
  /** RegExp source tested against the URL pathname. */
  path: string;
  kind: FaultKind;
  status?: number;
  /** Seconds or an HTTP-date; the header is sent only when set. */
  retryAfter?: string;
  /** 0..1, default 1, drawn from the seeded RNG. */
  rate?: number;
  /** Only the first N matching calls, then the rule is spent. */
  times?: number;
  latencyMs?: number;
  jitterMs?: number;
  body?: string;
  /** For `redirect`: the Location to send. */
  location?: string;
  /** For `contentType`: the Content-Type to send ('' removes it); for `bigBody`: the body's type. */
  contentType?: string;
  /** For `slowBody`: body speed (default 1). */
  bytesPerSecond?: number;
  /** For `bigBody`: body size (default 50 MB); for `truncate`: bytes sent before the connection drops (default half). */
  bytes?: number;
  /** For `missingFields`: the JSON keys removed at every depth (default jobs, context, nsfwLevel, hive_csam_score). */
  fields?: string[];
}

export interface Latency {
  fixedMs: number;
  jitterMs?: number;
}

export interface CallRecord {
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** 0 while unanswered, or when the client went away first. */
  status: number;
  startedAt: number;
  endedAt: number | null;
  auth: AuthKind;
  authorizationHeader: boolean;
}

const DEFAULT_MISSING_FIELDS = ['jobs', 'context', 'nsfwLevel', 'hive_csam_score'];

export const GATEWAY_HTML = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>
`;

interface ActiveRule {
  rule: FaultRule;
  pattern: RegExp;
  remaining: number;
}

/** Resolves when any signal aborts (no timer). */
const aborted = (...signals: AbortSignal[]) =>
  new Promise<void>((resolve) => {
    if (signals.some((signal) => signal.aborted)) return resolve();
    for (const signal of signals) signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** Hono's `c.res =` merges the old response's headers into the new one; a fault's answer must replace it whole. */
function replaceResponse(c: Context, res: Response): void {
  c.res = undefined as unknown as Response;
  c.res = res;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export class FaultEngine {
  private rules: ActiveRule[] = [];
  private latency: Latency | null = null;
  private readonly rng: Rng;
  readonly calls: CallRecord[] = [];
  private inFlightCount = 0;
  private maxInFlightCount = 0;
  /** Aborted when the emulator closes, releasing hung requests. */
  readonly closing = new AbortController();

  constructor(seed: number, rules: readonly FaultRule[] = [], latency: Latency | null = null) {
    this.rng = new Rng(seed, 'faults');
    this.setFaults(rules);
    this.latency = latency;
  }

  setFaults(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, pattern: new RegExp(rule.path), remaining: rule.times ?? Infinity }));
  }

  setLatency(latency: Latency | null): void {
    this.latency = latency;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  get maxInFlight(): number {
    return this.maxInFlightCount;
  }

  resetMaxInFlight(): void {
    this.maxInFlightCount = this.inFlightCount;
  }

  private delay(fixedMs: number, jitterMs = 0): number {
    return Math.max(0, fixedMs + (jitterMs ? (this.rng.next() * 2 - 1) * jitterMs : 0));
  }

  /** Rules that apply to this call, each consuming one of its `times`. */
  private applicable(method: string, path: string): FaultRule[] {
    const out: FaultRule[] = [];
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (!active.pattern.test(path)) continue;
      if (rule.rate !== undefined && rule.rate < 1 && this.rng.next() >= rule.rate) continue;
      active.remaining -= 1;
      out.push(rule);
      if (rule.kind !== 'latency') break;
    }
    return out;
  }

  /** Records every API call; `authOf` tells how the call authenticated. */
  callLog(authOf: (header: string | undefined) => AuthKind): MiddlewareHandler {
    return async (c, next) => {
      const url = new URL(c.req.url);
      const header = c.req.header('authorization');
      const record: CallRecord = {
        method: c.req.method,
        path: url.pathname,
        query: url.search.slice(1),
        status: 0,
        startedAt: Date.now(),
        endedAt: null,
        auth: authOf(header),
        authorizationHeader: header !== undefined,
      };
      this.calls.push(record);
      this.inFlightCount += 1;
      this.maxInFlightCount = Math.max(this.maxInFlightCount, this.inFlightCount);
      try {
        await next();
        if (c.res !== RESPONSE_ALREADY_SENT) record.status = c.res.status;
      } finally {
        this.inFlightCount -= 1;
        record.endedAt = Date.now();
      }
    };
  }

  middleware(): MiddlewareHandler<{ Bindings: HttpBindings }> {
    return async (c, next) => {
      const signal = c.req.raw.signal;
      const path = new URL(c.req.url).pathname;
      if (this.latency) await sleep(this.delay(this.latency.fixedMs, this.latency.jitterMs), signal);
      const rules = this.applicable(c.req.method, path);
      for (const rule of rules) if (rule.kind === 'latency') await sleep(this.delay(rule.latencyMs ?? 0, rule.jitterMs), signal);
      const fault = rules.find((rule) => rule.kind !== 'latency');
      if (!fault) return next();
      const retryAfter: Record<string, string> = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
      switch (fault.kind) {
        case 'status': {
          const status = fault.status ?? 500;
          if (fault.body !== undefined) return c.body(fault.body, status as 500, { 'Content-Type': fault.contentType ?? 'text/plain; charset=utf-8', ...retryAfter });
          if (status === 502) return c.body(GATEWAY_HTML, 502, { 'Content-Type': 'text/html', ...retryAfter });
          return c.body(JSON.stringify(problemBody(status)), status as 500, { 'Content-Type': 'application/problem+json; charset=utf-8', ...retryAfter });
        }
        case 'hang':
          // Headers never come: the client's own timeout has to fire.
          await aborted(signal, this.closing.signal);
          c.env.outgoing.destroy();
          return RESPONSE_ALREADY_SENT;
        case 'html':
          return c.body(fault.body ?? GATEWAY_HTML.replaceAll('502 Bad Gateway', 'Service temporarily unavailable'), (fault.status ?? 200) as 200, {
            'Content-Type': 'text/html; charset=utf-8',
            ...retryAfter,
          });
        case 'invalidJson':
          return c.body(fault.body ?? '{"items":[{"id":"1-20260101000000000","createdAt":"2026-01-01T00:0', (fault.status ?? 200) as 200, {
            'Content-Type': 'application/json; charset=utf-8',
          });
        case 'redirect':
          return c.body(null, (fault.status ?? 308) as 308, { Location: fault.location ?? 'http://169.254.169.254/latest/meta-data/' });
        case 'bigBody':
          return bigBody(fault.bytes ?? 50 * 1024 * 1024, fault.contentType ?? 'application/json; charset=utf-8', signal);
        default:
          break;
      }
      await next();
      const res = c.res;
      switch (fault.kind) {
        case 'contentType': {
          const headers = new Headers(res.headers);
          if (fault.contentType) headers.set('Content-Type', fault.contentType);
          else headers.delete('Content-Type');
          replaceResponse(c, new Response(res.body, { status: res.status, headers }));
          return;
        }
        case 'missingFields': {
          const text = await res.text();
          const headers = new Headers(res.headers);
          headers.delete('Content-Length');
          let body = text;
          try {
            body = JSON.stringify(stripFields(JSON.parse(text), new Set(fault.fields ?? DEFAULT_MISSING_FIELDS)));
          } catch {
            // not JSON: leave it
          }
          replaceResponse(c, new Response(body, { status: res.status, headers }));
          return;
        }
        case 'slowBody': {
          const bytes = Buffer.from(await res.arrayBuffer());
          const headers = new Headers(res.headers);
          headers.set('Content-Length', String(bytes.length));
          replaceResponse(c, new Response(trickle(bytes, fault.bytesPerSecond ?? 1, signal, this.closing.signal), { status: res.status, headers }));
          return;
        }
        case 'truncate': {
          const bytes = Buffer.from(await res.arrayBuffer());
          const out = c.env.outgoing;
          const headers: Record<string, string> = {};
          res.headers.forEach((value, key) => (headers[key] = value));
          headers['content-length'] = String(bytes.length);
          out.writeHead(res.status, headers);
          out.write(bytes.subarray(0, Math.min(bytes.length - 1, fault.bytes ?? Math.floor(bytes.length / 2))));
          // The promised length never arrives: the connection drops mid-body.
          setImmediate(() => out.destroy());
          replaceResponse(c, RESPONSE_ALREADY_SENT);
          return;
        }
        default:
          return;
      }
    };
  }
}

/** Removes the named keys at every depth (keeps everything else as it was). */
function stripFields(value: unknown, fields: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => stripFields(item, fields));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) if (!fields.has(key)) Object.defineProperty(out, key, { value: stripFields(child, fields), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function trickle(bytes: Buffer, bytesPerSecond: number, ...signals: AbortSignal[]): ReadableStream<Uint8Array> {
  const chunk = Math.max(1, Math.floor(bytesPerSecond / 10));
  let offset = 0;
  return new ReadableStream({
    async pull(controller) {
      if (offset >= bytes.length || signals.some((signal) => signal.aborted)) return controller.close();
      await sleep(100, AbortSignal.any(signals));
      controller.enqueue(bytes.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

/** A large, valid-looking JSON list produced as it is sent, never held in memory. */
function bigBody(total: number, contentType: string, signal: AbortSignal): Response {
  const item = '{"id":"1-20260101000000000","createdAt":"2026-01-01T00:00:00.0000000Z","status":"succeeded","tags":[],"steps":[]},';
  const head = '{"items":[';
  const tail = '{"id":"1-20260101000000001","createdAt":"2026-01-01T00:00:00.0000000Z","status":"succeeded"}],"next":null}';
  const block = Buffer.from(item.repeat(Math.ceil(65_536 / item.length)));
  let sent = 0;
  const bodyBytes = Math.max(total, head.length + tail.length);
  const itemsBytes = bodyBytes - head.length - tail.length;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(Buffer.from(head));
    },
    pull(controller) {
      if (signal.aborted) return controller.close();
      const remaining = itemsBytes - sent;
      if (remaining <= 0) {
        controller.enqueue(Buffer.from(tail));
        return controller.close();
      }
      // Whole items only, then spaces to land on the exact size: the body stays valid JSON.
      const wholeItems = Math.floor(Math.min(block.length, remaining) / item.length) * item.length;
      const piece = wholeItems > 0 ? block.subarray(0, wholeItems) : Buffer.alloc(remaining, 0x20);
      sent += piece.length;
      controller.enqueue(piece);
    },
  });
  return new Response(stream, { status: 200, headers: { 'Content-Type': contentType, 'Content-Length': String(bodyBytes) } });
}
