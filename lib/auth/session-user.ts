import { roleAtLeast, type Role } from './roles';

/**
 * Who is asking: the signed-in moderator as every guard and the data access layer see them.
 * Plain TypeScript (no next/headers) so the DAL can check roles again without depending on the request.
 */
export type SessionUser = { id: string; email: string; name: string; role: Role; sessionId: string };

export type AuthErrorKind = 'unauthenticated' | 'forbidden';

export class AuthError extends Error {
  constructor(
    readonly kind: AuthErrorKind,
    message?: string,
  ) {
    super(message ?? (kind === 'unauthenticated' ? 'Sign in to continue.' : 'Your role does not allow this.'));
    this.name = 'AuthError';
  }
}

/** Throws unless `user` is signed in with at least `minimum`; the DAL calls it even after the route did. */
export function assertRole(user: SessionUser | null | undefined, minimum: Role): SessionUser {
  if (!user) throw new AuthError('unauthenticated');
  if (!roleAtLeast(user.role, minimum)) throw new AuthError('forbidden', `This needs the ${minimum} role; you are ${user.role}.`);
  return user;
}
