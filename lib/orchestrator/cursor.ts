import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { invalidInput } from '@/lib/console-error';

/**
 * The list cursor the browser holds: where to resume upstream, signed with the server secret and bound to the
 * filters it was made for. A tampered cursor, one from another search, or one from another deployment reads as
 * "the list changed" (400), never as a 500 and never as an upstream call.
 */

export interface ResumePoint {
  /** The upstream cursor of the page to resume in; null = the first page. */
  upstreamCursor: string | null;
  /** How far into that upstream page this console already read. */
  offset: number;
  /** The id read just before `offset`, to re-anchor if the page shifted. */
  lastId: string | null;
  /** The upstream page size the offset refers to. */
  upstreamTake: number;
}

const PayloadSchema = z.object({
  v: z.literal(1),
  f: z.string().length(22),
  u: z.string().max(4096).nullable(),
  o: z.number().int().min(0).max(1000),
  l: z.string().max(256).nullable(),
  t: z.number().int().min(1).max(1000),
});

const MAX_CURSOR_LENGTH = 8192;
const CHANGED = 'The list changed, start again.';

/** A short stable hash of the filters (canonical JSON of the given value). */
export function fingerprint(filters: unknown): string {
  return createHash('sha256').update(canonicalJson(filters)).digest('base64url').slice(0, 22);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface CursorCodec {
  encode(point: ResumePoint, filterPrint: string): string;
  /** Throws invalid_input (field `cursor`) for anything but an untouched cursor made for these filters. */
  decode(token: string, filterPrint: string): ResumePoint;
}

export function createCursorCodec(secret: string): CursorCodec {
  // A key of its own, derived from the server secret, so a cursor MAC can never be replayed as anything else.
  const key = createHmac('sha256', secret).update('orchestration-console/list-cursor/v1').digest();
  const mac = (body: string) => createHmac('sha256', key).update(body).digest();

  return {
    encode(point, filterPrint) {
      const payload: z.infer<typeof PayloadSchema> = {
        v: 1,
        f: filterPrint,
        u: point.upstreamCursor,
        o: point.offset,
        l: point.lastId,
        t: point.upstreamTake,
      };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    decode(token, filterPrint) {
      if (token.length > MAX_CURSOR_LENGTH) throw invalidInput('cursor', CHANGED);
      const [body, signature, ...rest] = token.split('.');
      if (!body || !signature || rest.length > 0) throw invalidInput('cursor', CHANGED);
      const expected = mac(body);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidInput('cursor', CHANGED);
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        throw invalidInput('cursor', CHANGED);
      }
      const parsed = PayloadSchema.safeParse(json);
      if (!parsed.success || parsed.data.f !== filterPrint) throw invalidInput('cursor', CHANGED);
      const { u, o, l, t } = parsed.data;
      return { upstreamCursor: u, offset: o, lastId: l, upstreamTake: t };
    },
  };
}
