import 'server-only';
import { env } from '@/lib/env';
import { OrchestratorError } from '@/lib/orchestrator/errors';

/**
 * Reads an upstream JSON document byte for byte, as the Orchestration API sent it: evidence must hash what was
 * received, not the console's parsed and re-serialised copy. Used by the evidence export only; everything else reads
 * through the resilient client.
 */

export interface RawReader {
  read(path: string, what: string, signal?: AbortSignal): Promise<Buffer>;
}

/** An evidence document is a workflow or a job; anything larger is not one. */
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export function createRawReader(options: { baseUrl: string; token?: string; timeoutMs?: number }): RawReader {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return {
    async read(path, what, signal) {
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let response: Response;
      try {
        response = await fetch(baseUrl + path, {
          headers,
          redirect: 'manual',
          cache: 'no-store',
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (cause) {
        if (signal?.aborted) throw new OrchestratorError('aborted', 'The request was cancelled.', { cause });
        throw new OrchestratorError('upstream_unavailable', `The Orchestration API did not send the ${what}.`, { cause });
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        if (response.status === 404) throw new OrchestratorError('not_found', `No ${what} with this id (it may have been deleted).`);
        throw new OrchestratorError('upstream_unavailable', `The Orchestration API did not send the ${what} (error ${response.status}).`, {
          upstreamStatus: response.status,
        });
      }
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of response.body ?? []) {
        total += chunk.byteLength;
        if (total > MAX_DOCUMENT_BYTES) {
          throw new OrchestratorError('upstream_unavailable', `The ${what} is larger than an evidence document may be.`);
        }
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    },
  };
}

export function consoleRawReader(): RawReader {
  const config = env();
  return createRawReader({ baseUrl: config.CIVITAI_API_URL, token: config.CIVITAI_API_TOKEN, timeoutMs: config.UPSTREAM_TIMEOUT_MS });
}
