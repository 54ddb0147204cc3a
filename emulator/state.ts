import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { Principal, TokenTable } from './auth';
import type { FaultEngine } from './faults';
import type { MediaCache } from './media';
import type { SortKey, Store } from './store';
import { problem } from './wire';

/** What every route reads. */
export interface EmulatorState {
  store: Store;
  tokens: TokenTable;
  media: MediaCache;
  faults: FaultEngine;
  managerList: 'paged' | 'bare';
  /** Upper bound of the manager list's `Take` (the SKILL claims 10; MOD sends up to 100). */
  managerTakeCap: number;
}

export type EmulatorEnv = { Bindings: HttpBindings };

/** The caller's principal, or the 401 ProblemDetails to send. */
export function authenticate(c: Context, state: EmulatorState): Principal | Response {
  const { principal } = state.tokens.resolve(c.req.header('authorization'));
  if (principal) return principal;
  const response = problem(c, 401, 'A valid bearer token is required.');
  response.headers.set('WWW-Authenticate', 'Bearer');
  return response;
}

/** Opaque cursors naming a position (createdAt, id), so pages stay stable while data changes. */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(`c1|${key.ms}|${key.sub}|${key.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): SortKey | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  const match = /^c1\|(\d{1,15})\|(\d{1,4})\|([0-9a-z-]{1,80})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? { ms: Number(match[1]), sub: Number(match[2]), id: match[3] as string } : undefined;
}
