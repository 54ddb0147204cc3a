/**
 * Bearer tokens (contract §1): a user token sees only its own Civitai user's workflows; the service token belongs to an
 * integrator, owns that integrator's workflows, reads any workflow and may use the manager endpoints.
 */

export type AuthKind = 'service' | 'user' | 'none' | 'invalid';

export interface Principal {
  kind: 'service' | 'user';
  /** The Civitai user id whose workflows this token owns. */
  owner: number;
}

export class TokenTable {
  private readonly tokens = new Map<string, Principal>();

  constructor(serviceToken: string, serviceOwner: number, userTokens: Readonly<Record<string, string>>) {
    this.tokens.set(serviceToken, { kind: 'service', owner: serviceOwner });
    for (const [userId, token] of Object.entries(userTokens)) this.tokens.set(token, { kind: 'user', owner: Number(userId) });
  }

  /** Reads `Authorization: Bearer <token>` (scheme case-insensitive). */
  resolve(header: string | undefined): { kind: AuthKind; principal?: Principal } {
    if (!header) return { kind: 'none' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const principal = match ? this.tokens.get(match[1] as string) : undefined;
    return principal ? { kind: principal.kind, principal } : { kind: 'invalid' };
  }
}

/** Whether a principal may read a workflow of `owner`: its own, or any with the service token. */
export const canRead = (principal: Principal, owner: number) => principal.kind === 'service' || principal.owner === owner;
/** Writes are for the owner only, whatever the token. */
export const canWrite = (principal: Principal, owner: number) => principal.owner === owner;
