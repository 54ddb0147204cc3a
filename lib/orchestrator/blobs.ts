import 'server-only';
import { upstreamPath, type CallContext, type OrchestratorClient } from './client';
import { toNsfwLevel } from './schemas';
import type { BlobProbe } from './types';

/**
 * Where the blob endpoint would send a browser, without following it or reading a byte (contract §2.2, §11.6):
 * a same-origin redirect to `/content/` is viewable, to `/blocked/` is the moderation placeholder, anything else
 * (404, 403, a foreign or odd redirect) is unavailable.
 */
export function readProbe(
  blobId: string,
  status: number,
  location: string | null,
  nsfwHeader: string | null,
  upstreamOrigin: string,
): BlobProbe {
  const nsfwLevel = nsfwHeader ? (toNsfwLevel(nsfwHeader) ?? nsfwHeader.trim().toLowerCase()) : null;
  const result = (visibility: BlobProbe['visibility'], note: string | null): BlobProbe => ({
    blobId,
    visibility,
    nsfwLevel,
    note,
  });
  if (status === 404 || status === 410) return result('unavailable', 'The upstream has no bytes for this blob.');
  if (status === 403) return result('unavailable', 'The upstream refused this blob.');
  if (status < 300 || status >= 400) return result('unavailable', `The upstream answered ${status} instead of a redirect.`);
  if (!location) return result('unavailable', 'The upstream redirect had no target.');
  let target: URL;
  try {
    target = new URL(location, upstreamOrigin);
  } catch {
    return result('unavailable', 'The upstream redirect target could not be read.');
  }
  if (target.origin !== upstreamOrigin) return result('unavailable', 'The upstream redirected to another host.');
  if (/\/v2\/consumer\/blobs\/content\//.test(target.pathname)) return result('viewable', null);
  if (/\/v2\/consumer\/blobs\/blocked\//.test(target.pathname)) return result('blocked', 'Withheld by upstream moderation.');
  return result('unavailable', 'The upstream redirected somewhere unexpected.');
}

export async function probeBlob(
  client: OrchestratorClient,
  blobId: string,
  workflowId: string | null,
  ctx?: CallContext,
): Promise<BlobProbe> {
  const answer = await client.probe({
    path: upstreamPath`/v2/consumer/blobs/${blobId}`,
    query: { workflowId: workflowId ?? undefined, hideMatureContent: false },
    what: 'blob',
    ctx,
    cacheMs: 30_000,
  });
  return readProbe(blobId, answer.status, answer.location, answer.nsfwLevel, client.upstreamOrigin);
}
