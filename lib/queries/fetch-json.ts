import { ApiError, type ProblemBody } from './api-error';

/**
 * GET one of our own /api routes and return its JSON, or throw an ApiError carrying the route's ProblemDetails.
 * Same-origin and cookie-authenticated; the upstream and its token are never in reach of the browser.
 */
export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' }, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, {});
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return (await response.json()) as T;
}

/**
 * POST, PUT or DELETE a JSON body to one of our own /api routes; throws an ApiError with the route's ProblemDetails.
 * `keepalive`: the request outlives the page (a release sent while the tab closes).
 */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, options: { keepalive?: boolean } = {}): Promise<T> {
  return send<T>(method, path, 'application/json', JSON.stringify(body), options.keepalive);
}

/** POST a CSV file as it is (the route streams it); throws an ApiError with the route's ProblemDetails. */
export async function uploadCsv<T>(path: string, file: Blob): Promise<T> {
  return send<T>('POST', path, 'text/csv', file);
}

async function send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, contentType: string, body: BodyInit, keepalive?: boolean): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method, keepalive, headers: { 'content-type': contentType, accept: 'application/json' }, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, {});
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return (await response.json()) as T;
}

async function readProblem(response: Response): Promise<ProblemBody> {
  const header = Number(response.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(header) && header > 0 ? header : undefined;
  let body: ProblemBody = {};
  try {
    body = (await response.json()) as ProblemBody;
  } catch {
    // Not ProblemDetails (a proxy's HTML page): the status alone says what kind of failure it was.
  }
  return { ...body, retryAfterSeconds: body.retryAfterSeconds ?? retryAfterSeconds };
}

/** Builds `/api/...?a=1&tags=x&tags=y` from a flat record; empty values are left out, arrays repeat their key. */
export function apiPath(path: string, params: Record<string, string | number | boolean | readonly string[] | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
