import 'server-only';
import { env } from '@/lib/env';
import { consoleLogger, type Logger } from '@/lib/log';
import { upstreamPath, type CallContext, type OrchestratorClient } from './client';
import { OrchestratorError } from './errors';
import { invalidInput, type ErrorKind } from '@/lib/console-error';
import { orchestrator } from './console-client';
import { redactSnippet } from './redact';
import { addTagProblem, describeTagProblem } from './tag-rules';
import {
  ModerationGateRequestSchema,
  NO_PENDING_GATE,
  TaintJobRequestSchema,
  TERMINAL_STATUSES,
  UpdateWorkflowRequestSchema,
  WorkflowSchema,
  WorkflowTagSchema,
  type ModerationGateRequest,
  type TaintJobRequest,
  type WorkflowStatus,
} from './schemas';
import { parseRetryAfter } from './resilience';

/**
 * The console's few writes to the Orchestration API: tags, cancel, taint. Unlike reads, a write is sent exactly once:
 * a timeout or a 503 leaves it unknown whether it landed, so the caller decides (the decision mirror records
 * "not synced" and offers a retry). Failures are OrchestratorErrors with a kind and a sentence a moderator can read.
 * Reads that a write depends on (current tags, status) go through the resilient client, bypassing its cache.
 */

export interface WriteRequest {
  method: 'POST' | 'PUT' | 'DELETE';
  /** Built with {@link upstreamPath}. */
  path: string;
  body?: unknown;
  /** What is being changed, in the moderator's words ("tag", "cancel"), for messages. */
  what: string;
  signal?: AbortSignal;
}

export interface UpstreamWriter {
  send(request: WriteRequest): Promise<void>;
}

export interface WriterOptions {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  /** When the read client's breaker is open the upstream is known to be down: fail at once. */
  breakerOpen?: () => boolean;
  fetch?: typeof fetch;
  log?: Logger;
}

function writeError(status: number, what: string): { kind: ErrorKind; message: string } {
  if (status === 400 || status === 422) return { kind: 'invalid_input', message: `The Orchestration API refused the ${what} as invalid.` };
  if (status === 401) return { kind: 'unauthorized', message: "Console's upstream credential rejected — contact admin" };
  if (status === 403) return { kind: 'forbidden', message: `The Orchestration API does not allow this ${what}.` };
  // The consumer API answers 404 both for a missing item and for one the console's token may not change.
  if (status === 404) return { kind: 'not_found', message: `The Orchestration API has no such item, or does not let the console's token change it; the ${what} was not applied.` };
  if (status === 409) return { kind: 'invalid_input', message: `The ${what} conflicts with the item's current state upstream.` };
  if (status === 410) return { kind: 'gone', message: `The item is gone from the Orchestration API; the ${what} was not applied.` };
  if (status === 429) return { kind: 'rate_limited', message: `The Orchestration API is limiting requests; the ${what} was not applied. Try again shortly.` };
  return { kind: 'upstream_unavailable', message: `The Orchestration API is unavailable (error ${status}); the ${what} was not applied.` };
}

export function createUpstreamWriter(options: WriterOptions): UpstreamWriter {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const token = options.token || undefined;
  const secrets = token ? [token] : [];
  const log = options.log ?? consoleLogger;
  const timeoutMs = options.timeoutMs ?? 15_000;

  return {
    async send({ method, path, body, what, signal }) {
      if (options.breakerOpen?.()) {
        throw new OrchestratorError('upstream_unavailable', `The Orchestration API is unavailable right now; the ${what} was not sent.`);
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await (options.fetch ?? globalThis.fetch)(baseUrl + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          redirect: 'manual',
          cache: 'no-store',
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (cause) {
        if (signal?.aborted) throw new OrchestratorError('aborted', 'The request was cancelled.', { cause });
        log('error', 'upstream.write_failed', { method, path, what, timedOut: timeout.aborted });
        throw new OrchestratorError(
          'upstream_unavailable',
          timeout.aborted
            ? `The Orchestration API did not answer in time; the ${what} may not have been applied.`
            : `The Orchestration API could not be reached; the ${what} was not applied.`,
          { cause },
        );
      }
      const text = await response.text().catch(() => '');
      if (response.ok) return;
      const mapped = writeError(response.status, what);
      const upstreamDetail = text ? redactSnippet(text, secrets) : undefined;
      const waitMs = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), Date.now()) : undefined;
      log('warn', 'upstream.write_refused', { method, path, what, status: response.status, detail: upstreamDetail });
      throw new OrchestratorError(mapped.kind, mapped.message, {
        upstreamStatus: response.status,
        upstreamDetail,
        ...(waitMs === undefined ? {} : { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }),
      });
    },
  };
}

export interface Upstream {
  reader: OrchestratorClient;
  writer: UpstreamWriter;
  ctx?: CallContext;
}

const workflowPath = (workflowId: string) => upstreamPath`/v2/consumer/workflows/${workflowId}`;

/** The workflow as the upstream has it now (never from the read cache: a write is about to depend on it). */
export async function freshWorkflow({ reader, ctx }: Upstream, workflowId: string): Promise<{ tags: string[]; status: WorkflowStatus }> {
  reader.invalidate(workflowPath(workflowId));
  const wire = await reader.getJson({
    path: workflowPath(workflowId),
    query: { hideMatureContent: false },
    schema: WorkflowSchema,
    what: 'workflow',
    ctx,
  });
  return { tags: wire.tags ?? [], status: wire.status };
}

/** Screens read workflows through the cache; after a change they must see it. */
export function forgetCachedWorkflow({ reader }: Upstream, workflowId: string): void {
  reader.invalidate(workflowPath(workflowId));
}

export async function postTag(upstream: Upstream, workflowId: string, tag: string): Promise<void> {
  // The contract's body is a JSON string literal: "favorite".
  await upstream.writer.send({
    method: 'POST',
    path: upstreamPath`/v2/consumer/workflows/${workflowId}/tags`,
    body: WorkflowTagSchema.parse(tag),
    what: 'tag',
    signal: upstream.ctx?.signal,
  });
}

export async function deleteTag(upstream: Upstream, workflowId: string, tag: string): Promise<void> {
  await upstream.writer.send({
    method: 'DELETE',
    path: upstreamPath`/v2/consumer/workflows/${workflowId}/tags/${tag}`,
    what: 'tag removal',
    signal: upstream.ctx?.signal,
  });
}

/** Adds a tag after checking the contract's limits against the workflow's current tags. Returns the tags after. */
export async function addTag(upstream: Upstream, workflowId: string, tag: string): Promise<string[]> {
  const { tags } = await freshWorkflow(upstream, workflowId);
  const problem = addTagProblem(tags, tag);
  if (problem) throw invalidInput('tag', describeTagProblem(problem));
  if (!tags.includes(tag)) await postTag(upstream, workflowId, tag);
  forgetCachedWorkflow(upstream, workflowId);
  return tags.includes(tag) ? tags : [...tags, tag];
}

/** Removes a tag; removing one the workflow does not carry changes nothing upstream. Returns the tags after. */
export async function removeTag(upstream: Upstream, workflowId: string, tag: string): Promise<string[]> {
  const { tags } = await freshWorkflow(upstream, workflowId);
  if (tags.includes(tag)) await deleteTag(upstream, workflowId, tag);
  forgetCachedWorkflow(upstream, workflowId);
  return tags.filter((existing) => existing !== tag);
}

/** Cancels a running workflow (`PUT {status: 'canceled'}`); one already finished is refused with a reason. */
export async function cancelWorkflow(upstream: Upstream, workflowId: string): Promise<void> {
  const { status } = await freshWorkflow(upstream, workflowId);
  if (TERMINAL_STATUSES.has(status)) {
    throw invalidInput('workflowId', `This workflow already ended (${status}); there is nothing to cancel.`);
  }
  try {
    await upstream.writer.send({
      method: 'PUT',
      path: workflowPath(workflowId),
      body: UpdateWorkflowRequestSchema.parse({ status: 'canceled' }),
      what: 'cancel',
      signal: upstream.ctx?.signal,
    });
  } finally {
    forgetCachedWorkflow(upstream, workflowId);
  }
}

/** Taints a job with a reason (`PUT /v1/consumer/jobs/{jobId}`, contract §2.3). */
export async function taintJob(upstream: Upstream, jobId: string, request: TaintJobRequest): Promise<void> {
  await upstream.writer.send({
    method: 'PUT',
    path: upstreamPath`/v1/consumer/jobs/${jobId}`,
    body: TaintJobRequestSchema.parse(request),
    what: 'taint',
    signal: upstream.ctx?.signal,
  });
  upstream.reader.invalidate(upstreamPath`/v1/consumer/jobs/${jobId}`);
}

/** What a moderator is told when the upstream has no pending gate left to decide. */
export const ALREADY_DECIDED = 'Already decided elsewhere';

/**
 * Approves or denies a workflow's pending moderation gate (`POST /v1/manager/workflows/{id}/moderation-gate`,
 * contract §2.4, the service token only). Sent once, like every write. A 404 whose body is the contract's
 * "No pending moderation gate" means someone decided it first (another moderator, another tool): a `conflict`.
 */
export async function decideModerationGate(upstream: Upstream, workflowId: string, request: ModerationGateRequest): Promise<void> {
  try {
    await upstream.writer.send({
      method: 'POST',
      path: upstreamPath`/v1/manager/workflows/${workflowId}/moderation-gate`,
      body: ModerationGateRequestSchema.parse(request),
      what: 'moderation gate decision',
      signal: upstream.ctx?.signal,
    });
  } catch (caught) {
    if (caught instanceof OrchestratorError && caught.upstreamStatus === 404 && caught.upstreamDetail?.includes(NO_PENDING_GATE)) {
      throw new OrchestratorError('conflict', 'This moderation gate is no longer pending upstream.', { upstreamStatus: 404, detail: ALREADY_DECIDED, cause: caught });
    }
    throw caught;
  } finally {
    forgetCachedWorkflow(upstream, workflowId);
  }
}

const WRITER = Symbol.for('orchestration-console.upstream-writer');

/**
 * The process-wide reader and writer for one console request. Kept on globalThis for the same reason as the read
 * client: Next may load this module more than once per process.
 */
export function consoleUpstream(ctx?: CallContext): Upstream {
  const holder = globalThis as Record<symbol, UpstreamWriter | undefined>;
  const reader = orchestrator();
  const writer = (holder[WRITER] ??= (() => {
    const config = env();
    return createUpstreamWriter({
      baseUrl: config.CIVITAI_API_URL,
      token: config.CIVITAI_API_TOKEN,
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      breakerOpen: () => orchestrator().breaker().state === 'open',
    });
  })());
  return { reader, writer, ctx };
}
