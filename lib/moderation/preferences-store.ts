import 'server-only';
import { eq } from 'drizzle-orm';
import type { SessionUser } from '@/lib/auth/session-user';
import { db } from '@/lib/db/client';
import { reviewerPreferences } from '@/lib/db/schema-media';
import { readPreferences, reviewerPreferencesSchema, type PreferencesChange, type ReviewerPreferences } from './preferences';

/** A reviewer's own wellness settings; the safe defaults until they save any. */
export async function loadPreferences(user: SessionUser): Promise<ReviewerPreferences> {
  const [row] = await (await db())
    .select({ preferences: reviewerPreferences.preferences })
    .from(reviewerPreferences)
    .where(eq(reviewerPreferences.userId, user.id))
    .limit(1);
  return readPreferences(row?.preferences);
}

/** Saves a change to the reviewer's own settings (every role may; they only affect what that reviewer sees). */
export async function savePreferences(user: SessionUser, change: PreferencesChange): Promise<ReviewerPreferences> {
  const next = reviewerPreferencesSchema.parse({ ...(await loadPreferences(user)), ...change });
  const updatedAt = new Date();
  await (await db())
    .insert(reviewerPreferences)
    .values({ userId: user.id, preferences: next, updatedAt })
    .onConflictDoUpdate({ target: reviewerPreferences.userId, set: { preferences: next, updatedAt } });
  return next;
}
