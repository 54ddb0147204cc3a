/**
 * Headers of every media response, bytes and errors alike (TEST-PLAN F-28, F-30, F-31): never stored by a browser
 * or a proxy, never sniffed into HTML, never scriptable if opened directly, never embeddable by another site, and
 * without a Referer. Upstream headers are never copied: each response is built from this list plus the few
 * fields the media routes set themselves.
 */

export const MEDIA_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store, private',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** The only fields a media response may carry besides the fixed ones. */
export interface MediaResponseFields {
  contentType: string;
  contentLength?: number | null;
  contentRange?: string | null;
  acceptRanges?: boolean;
  /** `attachment` for downloads; always `inline` otherwise, with no file name from the upstream. */
  disposition?: { type: 'inline' } | { type: 'attachment'; filename: string };
  /** `X-Media-Withheld: blocked` when the bytes are the orchestrator's placeholder, not the original. */
  withheld?: boolean;
  /**
   * A preview whose URL names exactly what it shows (lib/media/preview-variant.ts): this reviewer's browser may keep
   * it for good. Still `private`, so no shared cache stores it (TEST-PLAN F-31); sign-out clears it (Clear-Site-Data).
   */
  immutable?: { etag: string };
}

const IMMUTABLE_PRIVATE = 'private, max-age=31536000, immutable';

/** A file name safe in a header: the blob id's own characters only. */
function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'media';
}

export function mediaHeaders(fields: MediaResponseFields): Headers {
  const headers = new Headers(MEDIA_RESPONSE_HEADERS);
  headers.set('Content-Type', fields.contentType);
  if (fields.contentLength !== undefined && fields.contentLength !== null) {
    headers.set('Content-Length', String(fields.contentLength));
  }
  if (fields.contentRange) headers.set('Content-Range', fields.contentRange);
  if (fields.acceptRanges) headers.set('Accept-Ranges', 'bytes');
  const disposition = fields.disposition ?? { type: 'inline' };
  headers.set(
    'Content-Disposition',
    disposition.type === 'attachment' ? `attachment; filename="${safeFilename(disposition.filename)}"` : 'inline',
  );
  if (fields.withheld) headers.set('X-Media-Withheld', 'blocked');
  if (fields.immutable) {
    headers.set('Cache-Control', IMMUTABLE_PRIVATE);
    headers.set('ETag', fields.immutable.etag);
  }
  return headers;
}

/** A JSON answer of the media API (gates, reveals, preferences), as uncacheable as the media itself. */
export function mediaJson(body: unknown, status = 200, extra: Record<string, string> = {}): Response {
  const headers = new Headers(MEDIA_RESPONSE_HEADERS);
  headers.set('Content-Type', extra['Content-Type'] ?? 'application/json');
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(JSON.stringify(body), { status, headers });
}

/** An RFC 9457 problem answer carrying the media headers, so a refusal is as uncacheable and unsniffable as bytes. */
export function mediaProblem(
  status: number,
  problem: { kind: string; title: string; detail?: string; field?: string },
  extra: Record<string, string> = {},
): Response {
  const body = { type: `urn:orchestration-console:problem:${problem.kind}`, status, ...problem };
  return mediaJson(body, status, { 'Content-Type': 'application/problem+json', ...extra });
}
