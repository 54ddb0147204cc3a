import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/session-user';
import { appendAudit } from '@/lib/audit/audit';
import { closeDb } from '@/lib/db/client';
import { auditEvent } from '@/lib/db/schema';
import { revealGrant } from '@/lib/db/schema-media';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { decideGate } from './gating';
import { scanOfOutput } from './read-model';
import { interpretScan } from './scan';
import { DEFAULT_PREFERENCES } from './preferences';
import { loadPreferences, savePreferences } from './preferences-store';
import { databaseGrants, findRevealGrants, grantReveal } from './reveal';

const cleanScan = scanOfOutput(interpretScan({ context: { hive_csam_score: '0.00 %' } }, { near: 10, above: 50 }), 0, 1);

const mod: SessionUser = { id: 'u-mod', email: 'mod@example.test', name: 'Mod', role: 'moderator', sessionId: 's-mod-1' };
const otherSession: SessionUser = { ...mod, sessionId: 's-mod-2' };
const other: SessionUser = { id: 'u-other', email: 'o@example.test', name: 'O', role: 'moderator', sessionId: 's-o' };
const BLOB = 'JNFDW54JNTATNW42HACYCWSQP0.jpeg';
const BLOB_2 = 'CXJQSCS1TYZR1PX45C7QBVB8E0.jpeg';

describe.each(DATABASES)('reveal grants and preferences on %s', (name) => {
  const run = databaseAvailable(name, 'reveal-store');
  let database: TestDatabase;

  beforeAll(async () => {
    if (run) database = await openTestDatabase(name);
  });

  afterAll(async () => {
    if (!run) return;
    await closeDb();
    await database.dispose();
  });

  it.runIf(run)('finds a live grant only for the same user, session and blob, and the highest tier', async () => {
    const now = new Date();
    const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    await databaseGrants.insert({ user: mod, blobId: BLOB, tier: 1, auditEventId: 1, expiresAt: inMinutes(20) });
    await databaseGrants.insert({ user: mod, blobId: BLOB, tier: 2, auditEventId: 2, expiresAt: inMinutes(5) });
    await databaseGrants.insert({ user: mod, blobId: BLOB_2, tier: 2, auditEventId: 3, expiresAt: inMinutes(1) });
    expect([...(await databaseGrants.findLive(mod, [BLOB, BLOB_2], now)).keys()].sort()).toEqual([BLOB, BLOB_2].sort());
    const later = await databaseGrants.findLive(mod, [BLOB, BLOB_2], inMinutes(2));
    expect([...later.keys()]).toEqual([BLOB]);
    expect(later.get(BLOB)).toMatchObject({ userId: mod.id, blobId: BLOB, tier: 2 });
    expect((await databaseGrants.findLive(otherSession, [BLOB], now)).size).toBe(0);
    expect((await databaseGrants.findLive(other, [BLOB], now)).size).toBe(0);
    expect((await databaseGrants.findLive(mod, [BLOB], inMinutes(6))).get(BLOB)?.tier).toBe(1);
    expect((await databaseGrants.findLive(mod, [], now)).size).toBe(0);
  });

  it.runIf(run)('refuses a grant row without a tier 1-3 or with a lifetime that ends before it starts', async () => {
    const past = new Date(Date.now() - 60_000);
    await expect(databaseGrants.insert({ user: mod, blobId: BLOB, tier: 0 as never, auditEventId: 1, expiresAt: new Date(Date.now() + 60_000) })).rejects.toThrow();
    await expect(databaseGrants.insert({ user: mod, blobId: BLOB, tier: 2, auditEventId: 1, expiresAt: past })).rejects.toThrow();
  });

  it.runIf(run)('writes the audit row before the grant, with the real audit log', async () => {
    const decision = decideGate(
      { nsfwLevel: 'xxx', blockedReason: null, available: true, scan: cleanScan, hashMatches: [] },
      { role: 'moderator', preferences: DEFAULT_PREFERENCES },
    );
    const grant = await grantReveal({
      user: other,
      blobId: BLOB_2,
      workflowId: '8484131-20260121222126332',
      reason: 'report 4411 evidence',
      decision,
      meta: { ip: null, requestId: 'req-store' },
    });
    expect(grant?.tier).toBe(2);
    const db = database.handle.db;
    const [row] = await db.select().from(revealGrant).where(eq(revealGrant.userId, other.id));
    const [audit] = await db.select().from(auditEvent).where(eq(auditEvent.id, row!.auditEventId));
    expect(audit).toMatchObject({ action: 'reveal', targetType: 'blob', targetId: BLOB_2, reason: 'report 4411 evidence', actorId: other.id });
    expect(audit!.at.getTime()).toBeLessThanOrEqual(row!.createdAt.getTime());
    expect((await findRevealGrants(other, [BLOB_2])).get(BLOB_2)?.tier).toBe(2);
  });

  // The audit log refuses the row (here: a reason over its length limit), as it would when its store is down.
  it.runIf(run)('fails closed when the audit write fails: no grant row', async () => {
    const decision = decideGate(
      { nsfwLevel: 'xxx', blockedReason: null, available: true, scan: cleanScan, hashMatches: [] },
      { role: 'moderator', preferences: DEFAULT_PREFERENCES },
    );
    const reviewer: SessionUser = { ...other, id: 'u-fail', sessionId: 's-fail' };
    const logged: string[] = [];
    await expect(
      grantReveal(
        { user: reviewer, blobId: BLOB, workflowId: null, reason: 'x'.repeat(2_001), decision, meta: { ip: null, requestId: 'r' } },
        { audit: appendAudit, grants: databaseGrants, now: () => new Date(), log: (_level, event) => logged.push(event) },
      ),
    ).rejects.toMatchObject({ kind: 'audit_unavailable' });
    expect(logged).toEqual(['audit.write_failed']);
    expect(await database.handle.db.select().from(revealGrant).where(eq(revealGrant.userId, reviewer.id))).toEqual([]);
  });

  it.runIf(run)('keeps each reviewer’s preferences, merging changes over the safe defaults', async () => {
    expect(await loadPreferences(mod)).toEqual(DEFAULT_PREFERENCES);
    expect(await savePreferences(mod, { blurStrength: 'strong' })).toEqual({ ...DEFAULT_PREFERENCES, blurStrength: 'strong' });
    expect(await savePreferences(mod, { grayscale: false, matureTiles: 'hidden' })).toEqual({
      ...DEFAULT_PREFERENCES,
      blurStrength: 'strong',
      grayscale: false,
      matureTiles: 'hidden',
    });
    expect(await loadPreferences(mod)).toMatchObject({ blurStrength: 'strong', matureTiles: 'hidden' });
    expect(await loadPreferences(other)).toEqual(DEFAULT_PREFERENCES);
  });
});
