import 'server-only';
import { headers as requestHeaders } from 'next/headers';
import type { z } from 'zod';
import { MAX_BODY_BYTES, REFUSALS, refusalFor, RequestRefused, type GuardedRequest, type Refusal } from '@/lib/request/same-origin';
import { getSessionUser } from '@/lib/auth/session';
import { appendRefusalAudit } from '@/lib/audit/audit';
import { env } from '@/lib/env';
import { invalidInput } from '@/lib/console-error';
import { requestMeta } from '@/lib/request/request-meta';
import { REQUEST_PATH_HEADER } from '@/lib/request/request-path';

/**
 * The one request guard: every state-changing route (through apiRoute, mediaRoute and the auth handler), every
 * server action (through the proxy and the action wrappers) and every sensitive download calls it before the
 * session and role checks. A refusal is audited once (`access_denied`, with the request id) and answered 403/413/415
 * as problem+json by the wrapper's error mapping; it never becomes a 500.
 */

export function consoleOrigin(): string {
  return new URL(env().BETTER_AUTH_URL).origin;
}

async function refuse(refusal: Refusal, headers: Headers, method: string, url: string | null): Promise<never> {
  // The path the browser asked for: the proxy's copy survives its rewrite of a refused server action.
  const path = (headers.get(REQUEST_PATH_HEADER) ?? (url ? new URL(url).pathname : null))?.slice(0, 512) ?? null;
  const actor = await getSessionUser().catch(() => null);
  await appendRefusalAudit({
    actor,
    action: 'access_denied',
    targetType: 'session',
    targetId: actor?.sessionId ?? '(none)',
    detail: { refused: refusal.reason, method, path },
    ...requestMeta(headers),
  });
  throw new RequestRefused(refusal);
}

/** Refuses (audited, thrown) a request that fails the guard for its kind. */
export async function guardRequest(request: Request, kind: GuardedRequest): Promise<void> {
  const refusal = refusalFor(request.headers, consoleOrigin(), kind);
  if (refusal) await refuse(refusal, request.headers, request.method, request.url);
}

/** What every route wrapper calls first: reads pass, a state-changing method must be a same-origin JSON request. */
export async function guardRoute(request: Request): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') await guardRequest(request, 'json');
}

/** What every server action calls first (the proxy already turned foreign-origin action posts away). */
export async function guardServerAction(): Promise<void> {
  const headers = await requestHeaders();
  const refusal = refusalFor(headers, consoleOrigin(), 'action');
  if (refusal) await refuse(refusal, headers, 'POST', null);
}

/**
 * Hands the body's chunks, as they arrive, to `consume`, and refuses (audited, 413) a body past `maxBytes` however
 * it was sent (chunked, lying length); a declared length over the cap is refused before anything is read. Past the
 * cap the chunks throw, `consume` unwinds (a transaction rolls back), and only then is the refusal audited: the
 * audit write must not wait on a connection the consumer still holds.
 */
export async function consumeCappedBody<T>(
  request: Request,
  maxBytes: number,
  consume: (chunks: AsyncIterable<Uint8Array<ArrayBuffer>>) => Promise<T>,
  refusal: Refusal = REFUSALS.too_large,
): Promise<T> {
  const tooLarge = () => refuse(refusal, request.headers, request.method, request.url);
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) await tooLarge();
  let overflowed = false;
  async function* chunks() {
    let size = 0;
    const reader = request.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) return;
      size += next.value.byteLength;
      if (size > maxBytes) {
        overflowed = true;
        await reader!.cancel();
        throw new RequestRefused(refusal);
      }
      yield next.value;
    }
  }
  try {
    return await consume(chunks());
  } catch (error) {
    if (overflowed) await tooLarge();
    throw error;
  }
}

/** The body's bytes under the JSON cap. */
export async function readCappedBody(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  return consumeCappedBody(request, MAX_BODY_BYTES, async (chunks) => {
    const read: Uint8Array<ArrayBuffer>[] = [];
    for await (const chunk of chunks) read.push(chunk);
    return Buffer.concat(read);
  });
}

/** A write's JSON body (the guard has checked its origin and type), capped and validated with the route's schema. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T, unknown>): Promise<T> {
  const text = new TextDecoder().decode(await readCappedBody(request));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidInput('body', 'The request is not valid JSON.');
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? String(issue.path[0]) : 'body';
  throw invalidInput(field, issue.message);
}
