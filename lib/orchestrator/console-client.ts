import 'server-only';
import { env } from '@/lib/env';
import { createOrchestratorClient, type OrchestratorClient } from './client';
import { createCursorCodec, type CursorCodec } from './cursor';

/**
 * The process-wide client, built once from the validated environment. Kept on globalThis because Next loads a module
 * two or three times per process: module-level state would mean several breakers and several concurrency caps.
 */

interface Shared {
  client?: OrchestratorClient;
  codec?: CursorCodec;
}

const KEY = Symbol.for('orchestration-console.orchestrator');
const shared = ((globalThis as Record<symbol, Shared | undefined>)[KEY] ??= {});

export function orchestrator(): OrchestratorClient {
  if (!shared.client) {
    const config = env();
    shared.client = createOrchestratorClient({
      baseUrl: config.CIVITAI_API_URL,
      token: config.CIVITAI_API_TOKEN,
      concurrency: config.UPSTREAM_CONCURRENCY,
      // The risk indexer's share: at least one slot is always a moderator's.
      backgroundConcurrency: config.INDEX_CONCURRENCY ?? Math.max(1, config.UPSTREAM_CONCURRENCY - 1),
      attemptTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
      deadlineMs: config.UPSTREAM_DEADLINE_MS,
    });
  }
  return shared.client;
}

/** Signs list cursors with the server secret (the one better-auth signs sessions with). */
export function listCursors(): CursorCodec {
  shared.codec ??= createCursorCodec(env().BETTER_AUTH_SECRET);
  return shared.codec;
}

/** Which upstream this is: configured, or inferred (no token = the embedded emulator). */
export function upstreamKind(): 'emulator' | 'real' {
  const config = env();
  return config.CONSOLE_UPSTREAM_KIND ?? (config.CIVITAI_API_TOKEN ? 'real' : 'emulator');
}

/** Tests change the environment between cases; this forgets the clients built from the old one. */
export function resetOrchestratorForTests(): void {
  shared.client = undefined;
  shared.codec = undefined;
}
