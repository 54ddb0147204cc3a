/**
 * Sign-in back-off, per account *and* client address: wrong passwords from one address slow down only that
 * address's attempts on that account, so nobody elsewhere can lock a moderator out (the client address is the
 * socket's or the trusted proxy's, never a client's claim). The per-address ceiling across all accounts is
 * better-auth's rate limit (SIGN_IN_RATE_LIMIT). Plain TypeScript: the numbers are unit-tested.
 */

/** Failures older than this are forgotten; a successful sign-in from the address forgets them too. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const FIRST_WAIT_MS = 30_000;
export const LONGEST_WAIT_MS = FAILURE_WINDOW_MS;

export type RecentFailures = { count: number; lastAt: Date | null };

/**
 * How long this account must wait before another attempt from this address: nothing for the first `freeFailures`
 * failures, then 30 s after the last failure, doubling with each further failure, at most 15 minutes.
 */
export function signInWaitMs(failures: RecentFailures, freeFailures: number, now: Date): number {
  if (failures.count < freeFailures || failures.lastAt === null) return 0;
  const backoff = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures.count - freeFailures));
  return Math.max(0, failures.lastAt.getTime() + backoff - now.getTime());
}
