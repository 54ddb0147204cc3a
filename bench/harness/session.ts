import type { BenchContext } from './context';
import { NotAvailable } from './figures';

/** A signed-in moderator for the harness: sign in the way a browser does, keep the cookie, read JSON with it. */

export interface Credentials {
  email: string;
  password: string;
}

/** Signs in through better-auth's endpoint; returns the Cookie header to send. */
export async function signIn(origin: string, credentials: Credentials): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: 'POST',
    // better-auth refuses a foreign or missing Origin on a cookie-setting POST.
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(credentials),
    redirect: 'manual',
  });
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
  await response.body?.cancel();
  if (!response.ok || cookies.length === 0) {
    throw new NotAvailable(`sign-in as ${credentials.email} answered ${response.status}`);
  }
  return cookies.join('; ');
}

/** GET a console route as the signed-in moderator; a missing route or a refusal is a NotAvailable. */
export async function consoleJson<T>(ctx: Pick<BenchContext, 'console' | 'cookie'>, path: string): Promise<T> {
  const response = await fetch(`${ctx.console.origin}${path}`, { headers: { cookie: ctx.cookie } });
  if (response.status === 404 && !response.headers.get('content-type')?.includes('json')) {
    throw new NotAvailable(`${path.split('?')[0]} does not exist in this build`);
  }
  if (!response.ok) throw new Error(`${path.split('?')[0]} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as T;
}

/** POST JSON to a console route as the signed-in moderator. */
export async function consolePost(ctx: Pick<BenchContext, 'console' | 'cookie'>, path: string, body: unknown, cookie = ctx.cookie): Promise<Response> {
  return fetch(`${ctx.console.origin}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: ctx.console.origin },
    body: JSON.stringify(body),
  });
}
