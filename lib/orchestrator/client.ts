import 'server-only';
import type { z } from 'zod';
import { consoleLogger, type LogFields, type Logger } from '@/lib/log';
import { TtlCache } from './cache';
import { OrchestratorError } from './errors';
import { type ErrorKind } from '@/lib/console-error';
import { redact, redactSnippet } from './redact';
import {
  CircuitBreaker,
  DEFAULT_BREAKER,
  RetryBudget,
  Semaphore,
  SlotUnavailable,
  abortableSleep,
  fullJitterDelay,
  parseRetryAfter,
  type BreakerOptions,
  type BreakerSnapshot,
  type Clock,
  type Outcome,
} from './resilience';

/**
 * The one transport to the Orchestration API (or the emulator, unchanged). Reads only: every call is an idempotent
 * GET, so retries are safe. What it guarantees, in order of a call's life:
 *
 * - an answer from the in-memory cache when the resource module allowed one;
 * - single-flight: identical concurrent GETs share one upstream call;
 * - the circuit breaker answers at once while the upstream is known to be down;
 * - a process-wide cap on concurrent upstream calls, whose queued callers leave when they abort;
 * - per-attempt timeout, body-idle timeout and byte cap, all inside the caller's overall deadline;
 * - retries only on 429/502/503/504 and network failures, at most `maxAttempts` tries, full-jitter backoff or the
 *   upstream's Retry-After, never past the deadline (a Retry-After beyond it fails at once, carrying the wait);
 * - every failure as an OrchestratorError with a kind; the token never appears in one, nor in a log line.
 */

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/** One console request's budget toward the upstream, shared by every call it makes. */
export interface CallContext {
  signal?: AbortSignal;
  /** Absolute time on the client's clock by which every call must have ended. */
  deadline?: number;
  /** `background` (the risk indexer) waits behind every interactive caller for a slot of the cap. */
  lane?: 'interactive' | 'background';
}

export interface JsonRequest<T> {
  /** Built with {@link upstreamPath}. */
  path: string;
  query?: Query;
  schema: z.ZodType<T>;
  /** What is read, in the moderator's words ("workflow", "job"); used in error messages. */
  what: string;
  ctx?: CallContext;
  /** How long this answer may be served from memory; 0 or absent = never. */
  cacheFor?: (value: T) => number;
}

export interface ProbeRequest {
  path: string;
  query?: Query;
  what: string;
  ctx?: CallContext;
  cacheMs?: number;
}

/** A GET whose redirect was not followed and whose body was never read. */
export interface ProbeResponse {
  status: number;
  location: string | null;
  nsfwLevel: string | null;
}

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  attemptTimeoutMs?: number;
  deadlineMs?: number;
  bodyIdleTimeoutMs?: number;
  maxResponseBytes?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  concurrency?: number;
  /** Slots of `concurrency` that background calls (the risk indexer) may hold at once; default all of them. */
  backgroundConcurrency?: number;
  breaker?: Partial<BreakerOptions>;
  retryBudget?: { ratio: number; reserve: number };
  cache?: { maxEntries: number; maxBytes: number };
  now?: Clock;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
  log?: Logger;
}

type Mode = 'json' | 'probe';

interface RawResult {
  status: number;
  headers: Headers;
  json?: unknown;
  bytes: number;
}

type AttemptResult =
  | { ok: true; result: RawResult }
  | { ok: false; error: OrchestratorError; retryable: boolean; outcome: Outcome; retryAfterMs?: number };

interface Flight {
  promise: Promise<RawResult>;
  controller: AbortController;
  subscribers: number;
}

/** Statuses a blob probe reports instead of treating as errors: redirects tell viewable from blocked. */
const PROBE_STATUSES = new Set([301, 302, 303, 307, 308, 403, 404, 410]);
const ERROR_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}
class BodyStalled extends Error {}

/** Builds a path with every interpolated value encoded as one segment, so an id can never add a `/` or `?`. */
export function upstreamPath(strings: TemplateStringsArray, ...segments: (string | number)[]): string {
  return strings.reduce((path, part, index) => {
    const segment = index < segments.length ? encodeURIComponent(String(segments[index])) : '';
    return path + part + segment;
  }, '');
}

export class OrchestratorClient {
  readonly tokenConfigured: boolean;
  private readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly settings: Required<
    Pick<
      ClientOptions,
      | 'attemptTimeoutMs'
      | 'deadlineMs'
      | 'bodyIdleTimeoutMs'
      | 'maxResponseBytes'
      | 'maxAttempts'
      | 'backoffBaseMs'
      | 'backoffCapMs'
    >
  >;
  private readonly now: Clock;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly fetchImpl: () => typeof fetch;
  private readonly logger: Logger;
  private readonly slots: Semaphore;
  private readonly circuit: CircuitBreaker;
  private readonly retries: RetryBudget;
  private readonly cache: TtlCache;
  private readonly flights = new Map<string, Flight>();

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token || undefined;
    this.tokenConfigured = this.token !== undefined;
    this.settings = {
      attemptTimeoutMs: options.attemptTimeoutMs ?? 15_000,
      deadlineMs: options.deadlineMs ?? 25_000,
      bodyIdleTimeoutMs: options.bodyIdleTimeoutMs ?? 10_000,
      maxResponseBytes: options.maxResponseBytes ?? 10 * 1024 * 1024,
      maxAttempts: options.maxAttempts ?? 3,
      backoffBaseMs: options.backoffBaseMs ?? 250,
      backoffCapMs: options.backoffCapMs ?? 4_000,
    };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    // Resolved per call so a test (or Next's instrumentation) that replaces global fetch is honoured.
    this.fetchImpl = () => options.fetch ?? globalThis.fetch;
    const log = options.log ?? consoleLogger;
    const secrets = this.token ? [this.token] : [];
    this.logger = (level, event, fields) => log(level, event, fields && redactFields(fields, secrets));
    this.slots = new Semaphore(options.concurrency ?? 8, options.backgroundConcurrency);
    this.circuit = new CircuitBreaker({ ...DEFAULT_BREAKER, ...options.breaker }, this.now, (from, to) =>
      this.logger(to === 'open' ? 'error' : 'warn', 'upstream.breaker', { from, to }),
    );
    this.retries = new RetryBudget(options.retryBudget?.ratio, options.retryBudget?.reserve);
    this.cache = new TtlCache(options.cache?.maxEntries ?? 2_000, options.cache?.maxBytes ?? 64 * 1024 * 1024, this.now);
  }

  /** The upstream's origin, for same-origin checks on redirect targets. */
  get upstreamOrigin(): string {
    return new URL(this.baseUrl).origin;
  }

  /** A fresh budget for one console request: the overall deadline starts now. */
  context(signal?: AbortSignal): CallContext {
    return { signal, deadline: this.now() + this.settings.deadlineMs };
  }

  breaker(): BreakerSnapshot {
    return this.circuit.snapshot();
  }

  load(): { inFlight: number; waiting: number } {
    return { inFlight: this.slots.inFlight, waiting: this.slots.waiting };
  }

  /**
   * Runs a read the client does not make itself (the output hasher's blob bytes, through the media proxy's guarded
   * fetch) in one slot of the cap, in the context's lane: a background read waits behind every moderator's calls.
   */
  async inSlot<T>(ctx: CallContext, task: () => Promise<T>): Promise<T> {
    const release = await this.slots.acquire(ctx.signal, ctx.deadline === undefined ? undefined : ctx.deadline - this.now(), ctx.lane);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Forgets cached answers for paths starting with the prefix (after the console changes something upstream). */
  invalidate(pathPrefix: string): void {
    this.cache.invalidate(`json ${pathPrefix}`);
    this.cache.invalidate(`probe ${pathPrefix}`);
  }

  async getJson<T>(request: JsonRequest<T>): Promise<T> {
    const url = this.url(request.path, request.query);
    const key = `json ${url.pathname}${url.search}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached as T;
    const raw = await this.shared(key, url, 'json', request.what, request.ctx);
    const parsed = request.schema.safeParse(raw.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.logger('warn', 'upstream.invalid_document', {
        path: url.pathname,
        issuePath: issue?.path.join('.') ?? '',
        issue: issue?.message ?? '',
      });
      throw new OrchestratorError(
        'upstream_invalid',
        `The Orchestration API sent a ${request.what} the console could not read.`,
      );
    }
    const ttl = request.cacheFor?.(parsed.data) ?? 0;
    if (ttl > 0) this.cache.set(key, parsed.data, ttl, raw.bytes);
    return parsed.data;
  }

  async probe(request: ProbeRequest): Promise<ProbeResponse> {
    const url = this.url(request.path, request.query);
    const key = `probe ${url.pathname}${url.search}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached as ProbeResponse;
    const raw = await this.shared(key, url, 'probe', request.what, request.ctx);
    const answer: ProbeResponse = {
      status: raw.status,
      location: raw.headers.get('location'),
      nsfwLevel: raw.headers.get('x-nsfw-level'),
    };
    if (request.cacheMs) this.cache.set(key, answer, request.cacheMs, 256);
    return answer;
  }

  private url(path: string, query: Query = {}): URL {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      // Repeated keys, each one literal value: a tag can never smuggle in another parameter.
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, item);
      else url.searchParams.append(name, String(value));
    }
    return url;
  }

  /** Single-flight: the first caller starts the upstream call; the others follow it. */
  private shared(key: string, url: URL, mode: Mode, what: string, ctx: CallContext = {}): Promise<RawResult> {
    let flight = this.flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const deadline = Math.min(ctx.deadline ?? Infinity, this.now() + this.settings.deadlineMs);
      const started: Flight = {
        controller,
        subscribers: 0,
        promise: this.execute(url, mode, what, controller.signal, deadline, ctx.lane).finally(() => {
          if (this.flights.get(key) === started) this.flights.delete(key);
        }),
      };
      // When every follower has left, nobody handles the outcome; that is expected, not an unhandled rejection.
      started.promise.catch(() => {});
      this.flights.set(key, started);
      flight = started;
    }
    return follow(flight, ctx.signal);
  }

  private async execute(url: URL, mode: Mode, what: string, signal: AbortSignal, deadline: number, lane: CallContext['lane']): Promise<RawResult> {
    this.retries.deposit();
    for (let attempt = 1; ; attempt += 1) {
      const permit = this.circuit.permit();
      if (!permit.allowed) {
        throw new OrchestratorError('upstream_unavailable', 'The Orchestration API is unavailable right now.', {
          retryAfterSeconds: Math.max(1, Math.ceil(permit.retryAfterMs / 1000)),
        });
      }
      const result = await this.attempt(url, mode, what, signal, deadline, lane);
      this.circuit.record(result.ok ? 'success' : result.outcome, permit.probe);
      if (result.ok) return result.result;

      const { error, retryAfterMs } = result;
      const remaining = deadline - this.now();
      const withWait = (ms: number | undefined) =>
        ms === undefined ? error : withRetryAfter(error, Math.max(1, Math.ceil(ms / 1000)));
      if (!result.retryable || attempt >= this.settings.maxAttempts) {
        this.logFailure(url, error, attempt);
        throw withWait(retryAfterMs);
      }
      if (retryAfterMs !== undefined && retryAfterMs > remaining) {
        // Sleeping past the budget helps nobody: answer now and tell the browser when to come back.
        this.logger('warn', 'upstream.retry_after_exceeds_budget', {
          path: url.pathname,
          status: error.upstreamStatus,
          retryAfterMs,
          remainingMs: remaining,
        });
        throw withWait(retryAfterMs);
      }
      const wait =
        retryAfterMs ??
        fullJitterDelay(attempt, this.settings.backoffBaseMs, this.settings.backoffCapMs, this.random);
      if (wait >= remaining || !this.retries.tryWithdraw()) {
        this.logFailure(url, error, attempt);
        throw error;
      }
      this.logger('warn', 'upstream.retry', {
        path: url.pathname,
        attempt,
        status: error.upstreamStatus,
        kind: error.kind,
        waitMs: wait,
      });
      try {
        await this.sleep(wait, signal);
      } catch {
        throw aborted();
      }
    }
  }

  private async attempt(
    url: URL,
    mode: Mode,
    what: string,
    signal: AbortSignal,
    deadline: number,
    lane: CallContext['lane'],
  ): Promise<AttemptResult> {
    if (signal.aborted) return { ok: false, error: aborted(), retryable: false, outcome: 'neutral' };
    let release: () => void;
    try {
      release = await this.slots.acquire(signal, deadline - this.now(), lane);
    } catch (error) {
      if (error instanceof SlotUnavailable && error.reason === 'timeout') {
        return {
          ok: false,
          error: new OrchestratorError('upstream_unavailable', 'The console is too busy to reach the upstream in time.'),
          retryable: false,
          outcome: 'neutral',
        };
      }
      return { ok: false, error: aborted(), retryable: false, outcome: 'neutral' };
    }

    const controller = new AbortController();
    let timedOut = false;
    const budget = Math.min(this.settings.attemptTimeoutMs, deadline - this.now());
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, Math.max(0, budget));
    const onAbort = () => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.token) headers.authorization = `Bearer ${this.token}`;
      const response = await this.fetchImpl()(url, {
        method: 'GET',
        headers,
        // Never follow: a redirect to storage must not carry the bearer token, and probes read the Location.
        redirect: 'manual',
        cache: 'no-store',
        signal: controller.signal,
      });
      return await this.classify(response, mode, what, controller);
    } catch (error) {
      if (signal.aborted) return { ok: false, error: aborted(), retryable: false, outcome: 'neutral' };
      if (error instanceof BodyTooLarge) {
        return unavailable('The Orchestration API sent an answer larger than the console accepts.', false);
      }
      if (timedOut) return unavailable('The Orchestration API did not answer in time.', true);
      if (error instanceof BodyStalled) return unavailable('The Orchestration API stopped sending its answer.', true);
      return unavailable('The Orchestration API could not be reached.', true);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      release();
    }
  }

  private async classify(
    response: Response,
    mode: Mode,
    what: string,
    controller: AbortController,
  ): Promise<AttemptResult> {
    const { status, headers } = response;
    if (mode === 'probe' && (PROBE_STATUSES.has(status) || (status >= 200 && status < 300))) {
      // A probe never downloads bytes.
      await response.body?.cancel().catch(() => {});
      return { ok: true, result: { status, headers, bytes: 0 } };
    }
    if (status >= 200 && status < 300) {
      const text = await this.readBody(response, this.settings.maxResponseBytes, false, controller);
      const body = parseJsonText(text);
      if (!body.ok) {
        return unavailable(
          body.html
            ? 'The Orchestration API answered with a web page instead of data.'
            : 'The Orchestration API sent an incomplete or unreadable answer.',
          false,
        );
      }
      return { ok: true, result: { status, headers, json: body.json, bytes: text.length } };
    }
    if (status >= 300 && status < 400) {
      await response.body?.cancel().catch(() => {});
      return {
        ok: false,
        error: new OrchestratorError('upstream_invalid', `The Orchestration API redirected a ${what} read.`, {
          upstreamStatus: status,
        }),
        retryable: false,
        outcome: 'success',
      };
    }
    const text = await this.readBody(response, ERROR_BODY_BYTES, true, controller).catch(() => '');
    const upstreamDetail = describeErrorBody(text, this.token ? [this.token] : []);
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), this.now());
    const mapped = statusToError(status, what);
    return {
      ok: false,
      error: new OrchestratorError(mapped.kind, mapped.message, { upstreamStatus: status, upstreamDetail }),
      retryable: mapped.retryable,
      outcome: mapped.outcome,
      retryAfterMs,
    };
  }

  /**
   * Reads the body with a byte cap and a body-idle timeout. `truncate` keeps the first bytes instead of failing
   * (error bodies are only read for the log).
   */
  private async readBody(
    response: Response,
    maxBytes: number,
    truncate: boolean,
    controller: AbortController,
  ): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      throw new BodyTooLarge();
    }
    const reader = response.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await readWithIdleTimeout(reader, this.settings.bodyIdleTimeoutMs);
        if (done) break;
        if (total + value.byteLength > maxBytes) {
          if (!truncate) throw new BodyTooLarge();
          chunks.push(value.subarray(0, maxBytes - total));
          break;
        }
        total += value.byteLength;
        chunks.push(value);
      }
    } catch (error) {
      controller.abort();
      throw error;
    } finally {
      reader.cancel().catch(() => {});
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }

  private logFailure(url: URL, error: OrchestratorError, attempts: number): void {
    if (error.kind === 'aborted') return;
    const level = error.kind === 'unauthorized' || error.kind === 'upstream_unavailable' ? 'error' : 'warn';
    this.logger(level, error.kind === 'unauthorized' ? 'upstream.credential_rejected' : 'upstream.failure', {
      path: url.pathname,
      kind: error.kind,
      status: error.upstreamStatus,
      attempts,
      detail: error.upstreamDetail,
    });
  }
}

function follow(flight: Flight, signal: AbortSignal | undefined): Promise<RawResult> {
  flight.subscribers += 1;
  const leave = () => {
    flight.subscribers -= 1;
  };
  if (!signal) return flight.promise.finally(leave);
  if (signal.aborted) {
    leave();
    if (flight.subscribers === 0) flight.controller.abort();
    return Promise.reject(aborted());
  }
  return new Promise<RawResult>((resolve, reject) => {
    const onAbort = () => {
      leave();
      // The last follower gone: stop the upstream call and free its concurrency slot.
      if (flight.subscribers === 0) flight.controller.abort();
      reject(aborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    flight.promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        leave();
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        leave();
        reject(error);
      },
    );
  });
}

async function readWithIdleTimeout(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idleMs: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyStalled()), idleMs);
  });
  try {
    return await Promise.race([reader.read(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

type JsonText = { ok: true; json: unknown } | { ok: false; html: boolean };

function parseJsonText(text: string): JsonText {
  const start = text.trimStart();
  if (start.startsWith('<')) return { ok: false, html: true };
  try {
    // A `__proto__` key is dropped at parse time so no later spread or merge can act on it.
    const json: unknown = text.includes('"__proto__"')
      ? JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value))
      : JSON.parse(text);
    return { ok: true, json };
  } catch {
    return { ok: false, html: false };
  }
}

/** ProblemDetails title/detail, a string body, or a note that it was an HTML page; redacted, for logs. */
function describeErrorBody(text: string, secrets: readonly string[]): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('<')) return 'HTML page';
  const parsed = parseJsonText(trimmed);
  if (parsed.ok && typeof parsed.json === 'object' && parsed.json !== null) {
    const problem = parsed.json as Record<string, unknown>;
    const parts = [problem.title, problem.detail].filter((part): part is string => typeof part === 'string');
    if (parts.length > 0) return redactSnippet(parts.join(': '), secrets);
  }
  if (parsed.ok && typeof parsed.json === 'string') return redactSnippet(parsed.json, secrets);
  return redactSnippet(trimmed, secrets);
}

interface MappedStatus {
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  outcome: Outcome;
}

function statusToError(status: number, what: string): MappedStatus {
  const answered = (kind: ErrorKind, message: string, outcome: Outcome = 'success'): MappedStatus => ({
    kind,
    message,
    retryable: false,
    outcome,
  });
  switch (status) {
    case 400:
    case 422:
      return answered('invalid_input', `The Orchestration API rejected this ${what} request as invalid.`);
    case 401:
      // A credential problem is not an outage: it must not open the breaker, and retrying cannot fix it.
      return answered('unauthorized', "Console's upstream credential rejected — contact admin", 'neutral');
    case 403:
      return answered('forbidden', `The Orchestration API refused access to this ${what}.`);
    case 404:
      return answered('not_found', `No ${what} with this id (it may have been deleted).`);
    case 410:
      return answered('gone', `This ${what} is gone from the Orchestration API.`);
    case 429:
      return {
        kind: 'rate_limited',
        message: 'The Orchestration API is limiting the console’s requests; try again shortly.',
        retryable: true,
        outcome: 'neutral',
      };
    case 502:
    case 503:
    case 504:
      return {
        kind: 'upstream_unavailable',
        message: 'The Orchestration API is unavailable right now.',
        retryable: true,
        outcome: 'failure',
      };
    default:
      if (status >= 500) {
        return answered('upstream_unavailable', `The Orchestration API failed (error ${status}).`, 'failure');
      }
      return answered('upstream_invalid', `The Orchestration API answered a ${what} read with status ${status}.`);
  }
}

function unavailable(message: string, retryable: boolean): AttemptResult {
  return {
    ok: false,
    error: new OrchestratorError('upstream_unavailable', message),
    retryable,
    outcome: 'failure',
  };
}

function aborted(): OrchestratorError {
  return new OrchestratorError('aborted', 'The request was cancelled.');
}

function withRetryAfter(error: OrchestratorError, retryAfterSeconds: number): OrchestratorError {
  return new OrchestratorError(error.kind, error.message, {
    upstreamStatus: error.upstreamStatus,
    upstreamDetail: error.upstreamDetail,
    retryAfterSeconds,
  });
}

function redactFields(fields: LogFields, secrets: readonly string[]): LogFields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? redact(value, secrets) : value]),
  );
}

export function createOrchestratorClient(options: ClientOptions): OrchestratorClient {
  return new OrchestratorClient(options);
}
