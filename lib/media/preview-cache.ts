import 'server-only';
import { createHash } from 'node:crypto';
import { TtlCache } from '@/lib/orchestrator/cache';

/**
 * Rendered previews, per blob and variant, in memory only (TEST-PLAN F-31): a blob's bytes never change upstream,
 * so a second reviewer opening the same workflow costs a gate decision, not an upstream read and a sharp render.
 * Concurrent requests for one preview share one render. Failures are not kept.
 */

export type RenderedPreview =
  | { ok: true; bytes: Buffer; contentType: string; withheld: boolean; etag: string }
  | { ok: false; reason: 'not_image' | 'undecodable' | 'over_budget' };

type Rendering = { ok: true; bytes: Buffer; contentType: string; withheld: boolean } | Extract<RenderedPreview, { ok: false }>;

const MAX_ENTRIES = 4_000;
const MAX_BYTES = 32 * 1024 * 1024;
/** Bounded so a blob the orchestrator later withholds is re-read within minutes even if its tier did not move. */
const LIFETIME_MS = 10 * 60_000;

export class PreviewCache {
  private readonly cache: TtlCache;
  private readonly pending = new Map<string, Promise<RenderedPreview>>();

  constructor(now: () => number = Date.now) {
    this.cache = new TtlCache(MAX_ENTRIES, MAX_BYTES, now);
  }

  get(blobId: string, variant: string, render: () => Promise<Rendering>): Promise<RenderedPreview> {
    const key = `${blobId}\n${variant}`;
    const kept = this.cache.get(key) as RenderedPreview | undefined;
    if (kept) return Promise.resolve(kept);
    const running = this.pending.get(key);
    if (running) return running;
    const started = render()
      .then((rendering): RenderedPreview => {
        if (!rendering.ok) return rendering;
        const etag = `"${createHash('sha256').update(rendering.bytes).digest('base64url').slice(0, 27)}"`;
        const preview = { ...rendering, etag };
        this.cache.set(key, preview, LIFETIME_MS, rendering.bytes.length);
        return preview;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }
}

const HOLDER = Symbol.for('review-console.preview-cache');
type GlobalWithPreviews = typeof globalThis & { [HOLDER]?: PreviewCache };

/** The process's preview cache (on globalThis: Next may load this module once per bundle). */
export function renderedPreviews(): PreviewCache {
  const holder = globalThis as GlobalWithPreviews;
  return (holder[HOLDER] ??= new PreviewCache());
}
