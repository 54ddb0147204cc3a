import type { z } from 'zod';
import { DEMO_SERVICE_TOKEN, DEMO_USER_TOKENS } from './tokens';

/** Small helpers for the emulator's own tests. */

export const SERVICE = `Bearer ${DEMO_SERVICE_TOKEN}`;
export const userBearer = (userId: number | string) => `Bearer ${DEMO_USER_TOKENS[String(userId)]}`;

export interface Got<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** GETs (or sends) and parses the body with a wire schema. */
export async function call<T>(
  url: string,
  schema: z.ZodType<T> | null,
  init: RequestInit & { auth?: string | null } = {},
): Promise<Got<T>> {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set('Authorization', init.auth ?? SERVICE);
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  const text = await res.text();
  const body = (schema && text ? schema.parse(JSON.parse(text)) : text) as T;
  return { status: res.status, headers: res.headers, body, text };
}
