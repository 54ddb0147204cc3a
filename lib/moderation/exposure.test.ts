import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { auditEvent, user } from '@/lib/db/schema';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { approveExposure, exposureAllowance } from './exposure';

const senior: SessionUser = { id: 'u-sam', email: 'sam@example.test', name: 'Sam', role: 'senior', sessionId: 's-sam' };
const moderator: SessionUser = { id: 'u-mo', email: 'mo@example.test', name: 'Mo', role: 'moderator', sessionId: 's-mo' };
const meta = { ip: '127.0.0.1', requestId: 'req-exposure' };

describe('the daily exposure cap', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase('PGlite');
    await database.handle.db.insert(user).values({ id: moderator.id, name: moderator.name, email: moderator.email, role: 'moderator' });
    const reveal = (actorId: string, tier: number, at: Date) => ({ actorId, action: 'reveal', targetType: 'blob', targetId: `b-${tier}-${at.getTime()}`, detail: { tier }, at });
    const now = new Date();
    const yesterday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 3_600_000);
    await database.handle.db
      .insert(auditEvent)
      .values([reveal(moderator.id, 2, now), reveal(moderator.id, 3, now), reveal(moderator.id, 1, now), reveal(moderator.id, 2, yesterday), reveal('u-other', 3, now)]);
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it('counts today’s tier-2/3 reveals of the reviewer against the cap, and nothing when no cap is set', async () => {
    expect(await exposureAllowance(moderator.id, new Date(), undefined)).toBeNull();
    expect(await exposureAllowance(moderator.id, new Date(), 2)).toEqual({ revealed: 2, allowed: 2 });
  });

  it('lets a senior allow more for today, audited; a moderator cannot', async () => {
    await expect(approveExposure(moderator, moderator.id, 5, 'self-approval', meta)).rejects.toBeInstanceOf(AuthError);
    await expect(approveExposure(senior, 'u-nobody', 5, 'backlog after the incident', meta)).rejects.toMatchObject({ kind: 'not_found' });
    await approveExposure(senior, moderator.id, 5, 'backlog after the incident', meta);
    expect(await exposureAllowance(moderator.id, new Date(), 2)).toEqual({ revealed: 2, allowed: 7 });
    expect(await exposureAllowance('u-other', new Date(), 2)).toEqual({ revealed: 1, allowed: 2 });
  });
});
