import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { indexWork, watchedUser } from '@/lib/db/schema-risk';
import { consoleLogger } from '@/lib/log';
import { addWork } from './work';

/**
 * Civitai users the index follows through the manager list, from the moment a moderator searched for, opened, decided
 * on or watched them (the overview); moderators unwatch. Watching is idempotent: a second call keeps the first reason
 * and moves the user's next pass to now.
 */

export type WatchReason = 'searched' | 'opened' | 'decided' | (string & {});

export interface WatchedUser {
  userId: number;
  addedById: string | null;
  addedAt: Date;
  reason: string;
}

const watchKey = (userId: number) => `watch:${userId}`;

export async function watchUser(userId: number, by: string | null, reason: WatchReason): Promise<void> {
  const database = await db();
  await database.transaction(async (tx) => {
    await tx.insert(watchedUser).values({ userId, addedById: by, reason: reason.slice(0, 200) }).onConflictDoNothing({ target: watchedUser.userId });
    const added = await addWork([{ key: watchKey(userId), kind: 'watch', state: { userId, cursor: null, highWater: null, passNewest: null } }], tx);
    // Already watched and parked between passes: its next pass is now.
    if (added === 0) await tx.update(indexWork).set({ leaseUntil: null }).where(sql`${indexWork.key} = ${watchKey(userId)} and ${indexWork.holder} is null`);
  });
}

/** Stops following a user; what was indexed stays until retention removes it. */
export async function unwatchUser(userId: number): Promise<boolean> {
  const database = await db();
  return database.transaction(async (tx) => {
    const removed = await tx.delete(watchedUser).where(eq(watchedUser.userId, userId)).returning({ userId: watchedUser.userId });
    await tx.delete(indexWork).where(eq(indexWork.key, watchKey(userId)));
    return removed.length > 0;
  });
}

export async function watchedUsers(): Promise<WatchedUser[]> {
  const database = await db();
  return database.select().from(watchedUser).orderBy(asc(watchedUser.addedAt));
}

/**
 * Follows a Civitai user from now on because a moderator searched for, opened or decided on them. Best effort: the
 * moderator's request never fails because the index could not be told.
 */
export async function watchOnBehalf(userId: number | string | null, by: string, reason: WatchReason): Promise<void> {
  const id = Number(userId);
  if (userId === null || !Number.isSafeInteger(id) || id <= 0) return;
  try {
    await watchUser(id, by, reason);
  } catch (error) {
    consoleLogger('warn', 'risk_index.watch_failed', { error: error instanceof Error ? error.name : 'unknown' });
  }
}
