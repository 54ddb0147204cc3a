import 'server-only';
import { and, eq, lt } from 'drizzle-orm';
import { forgetCachedSession, forgetCachedUser } from '@/lib/auth/session-cache';
import { db } from '@/lib/db/client';
import { session } from '@/lib/db/schema';

/**
 * Session rows the console manages itself on top of better-auth: the idle clock and ending sessions. Ending one also
 * drops it from this process's session cache at once; other instances when their copy expires (SESSION_CACHE_TTL_MS).
 */

/** How often a session's last-seen time is written: at most once a minute per session, not on every request. */
export const TOUCH_INTERVAL_MS = 60_000;

export async function touchSession(sessionId: string, now: Date): Promise<void> {
  await (await db())
    .update(session)
    .set({ lastSeenAt: now })
    .where(and(eq(session.id, sessionId), lt(session.lastSeenAt, new Date(now.getTime() - TOUCH_INTERVAL_MS))));
}

export async function endSession(sessionId: string): Promise<void> {
  await (await db()).delete(session).where(eq(session.id, sessionId));
  forgetCachedSession(sessionId);
}

/** "Sign out everywhere": every session of the user, on every device and console instance. Returns how many. */
export async function endAllSessions(userId: string): Promise<number> {
  const ended = await (await db()).delete(session).where(eq(session.userId, userId)).returning({ id: session.id });
  forgetCachedUser(userId);
  return ended.length;
}
