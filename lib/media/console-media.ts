import 'server-only';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { matchesOfOutputs } from '@/lib/hash-lists/matches';
import { scanThresholds } from '@/lib/moderation/config';
import { orchestrator } from '@/lib/orchestrator/console-client';
import type { TtlCache } from '@/lib/orchestrator/cache';
import { placeBlob } from '@/lib/risk-index/store';
import { createPlacementCache, type PlacementSources } from './placement';
import { MediaUpstream } from './upstream-blob';

/** The process-wide media transport, built once from the validated environment (kept on globalThis, like the client). */
const KEY = Symbol.for('orchestration-console.media-upstream');
const FACTS = Symbol.for('orchestration-console.gate-facts');
const shared = globalThis as { [KEY]?: MediaUpstream; [FACTS]?: TtlCache };

export function mediaUpstream(): MediaUpstream {
  if (!shared[KEY]) {
    const config = env();
    shared[KEY] = new MediaUpstream({
      baseUrl: config.CIVITAI_API_URL,
      token: config.CIVITAI_API_TOKEN,
      headersTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
    });
  }
  return shared[KEY];
}

async function storedHashMatches(blobId: string) {
  return (await matchesOfOutputs(await db(), [blobId])).get(blobId) ?? [];
}

export function placementSources(): PlacementSources {
  return { client: orchestrator(), thresholds: scanThresholds(), placeBlob, hashMatches: storedHashMatches, cache: (shared[FACTS] ??= createPlacementCache()) };
}

/** Tests change the environment between cases; this forgets what was built from the old one. */
export async function resetMediaForTests(): Promise<void> {
  await shared[KEY]?.close();
  shared[KEY] = undefined;
  shared[FACTS] = undefined;
}
