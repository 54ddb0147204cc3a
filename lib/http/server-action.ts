import 'server-only';
import { headers } from 'next/headers';
import type { Role } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import type { SessionUser } from '@/lib/auth/session-user';
import { requestMeta, type RequestMeta } from '@/lib/request/request-meta';
import { problemFor } from './problem';
import { guardServerAction } from './request-guard';

/**
 * The wrapper of every server action, like apiRoute for routes: the request guard, the role, then the work. A
 * failure the moderator can act on (bad input, a refusal, the audit log down) comes back as the same sentence the
 * API would answer, from the one error map; anything else is a bug and throws to the error boundary.
 */
export async function serverAction<T>(
  role: Role,
  work: (input: { user: SessionUser; meta: RequestMeta }) => Promise<T>,
  failed: (message: string) => T,
): Promise<T> {
  try {
    await guardServerAction();
    const user = await requireRole(role);
    return await work({ user, meta: requestMeta(await headers()) });
  } catch (error) {
    const problem = problemFor(error);
    if (problem.kind === 'internal') throw error;
    return failed(problem.title);
  }
}
