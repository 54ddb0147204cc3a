import { randomUUID } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { auditEvent, user } from '@/lib/db/schema';
import { decidedWorkflow, reviewDecisions, reviewerDay } from '@/lib/db/schema-review';
import { indexedWorkflow } from '@/lib/db/schema-risk';
import { recordDecision, recordDecisions, undoDecision } from '@/lib/review/decision-store';
import type { DecisionRequest } from '@/lib/review/requests';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { readTeamStats } from './stats';

const thresholds = { near: 10, above: 50 };
const NOW = new Date('2026-12-03T12:00:00.000Z');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

const senior: SessionUser = { id: 'u-sam', email: 'sam@example.test', name: 'Sam Senior', role: 'senior', sessionId: 's-sam' };
const moderator: SessionUser = { id: 'u-mo', email: 'mo@example.test', name: 'Mo Moderator', role: 'moderator', sessionId: 's-mo' };
const kim = { id: 'u-kim', email: 'kim@example.test', name: 'Kim', role: 'moderator' };

for (const name of DATABASES) describe.skipIf(!databaseAvailable(name, 'team stats'))(`team stats on ${name}`, () => {
  let database: TestDatabase;

  async function workflow(id: string, worstCsam: number | null, options: { createdHoursAgo?: number; completedHoursAgo?: number; unreadable?: number; pendingGate?: boolean; tags?: string[] } = {}) {
    const createdAt = ago(options.createdHoursAgo ?? 3);
    await database.handle.db.insert(indexedWorkflow).values({
      id,
      ownerId: 77,
      tags: options.tags ?? [],
      status: 'succeeded',
      createdAt,
      completedAt: options.completedHoursAgo === undefined ? createdAt : ago(options.completedHoursAgo),
      outputCount: 1,
      worstCsam,
      unreadableOutputs: options.unreadable ?? 0,
      pendingModerationGate: options.pendingGate ?? false,
      indexedAt: createdAt,
      source: 'backfill',
    });
  }

  async function decision(workflowId: string, by: { id: string; name: string; email: string; role: string }, kind: 'ok' | 'flagged' | 'escalated', version: number, hoursAgo: number) {
    await database.handle.db.insert(reviewDecisions).values({
      id: randomUUID(),
      subjectKey: workflowId,
      workflowId,
      version,
      action: 'decide',
      kind,
      decidedById: by.id,
      decidedByName: by.name,
      decidedByEmail: by.email,
      decidedByRole: by.role,
      decidedAt: ago(hoursAgo),
      workflowVersionSeen: 'succeeded:0',
    });
  }

  async function reveal(actor: { id: string; email: string }, tier: number, at: Date) {
    await database.handle.db
      .insert(auditEvent)
      .values({ actorId: actor.id, actorEmail: actor.email, action: 'reveal', targetType: 'blob', targetId: randomUUID(), detail: { tier }, at });
  }

  beforeAll(async () => {
    database = await openTestDatabase(name);
    await database.handle.db.insert(user).values([
      { id: moderator.id, name: moderator.name, email: moderator.email, role: 'moderator' },
      { id: kim.id, name: kim.name, email: kim.email, role: 'moderator' },
    ]);
    // The CSAM queue's backlog: near, above and unreadable undecided; a decided one, a review-tagged one and a
    // below one are not waiting; one older than a day is only in the wider windows.
    await workflow('77-20261203000000001', 20);
    await workflow('77-20261203000000002', 80);
    await workflow('77-20261203000000003', null, { unreadable: 1 });
    await workflow('77-20261203000000004', 90);
    await workflow('77-20261203000000005', 70, { tags: ['review:ok'] });
    await workflow('77-20261203000000006', 2);
    await workflow('77-20261203000000007', 60, { createdHoursAgo: 48 });
    await workflow('77-20261203000000008', 5, { pendingGate: true });
    // Decided: 004 ok by Mo 1 h after completion, then reversed to flagged by Kim; 006 escalated by Kim 2 h after completion.
    await decision('77-20261203000000004', { ...moderator }, 'ok', 1, 2);
    await decision('77-20261203000000004', kim, 'flagged', 2, 1);
    await decision('77-20261203000000006', kim, 'escalated', 1, 1);
    // Mo's decision three days ago: in the 7-day window only.
    await workflow('77-20261130000000009', 30, { createdHoursAgo: 80 });
    await decision('77-20261130000000009', { ...moderator }, 'ok', 1, 72);

    // Written as rows, the way the migration finds an existing database's decisions: its backfill counts them.
    await database.handle.db.execute(sql`select rebuild_team_figures()`);

    await reveal(moderator, 2, ago(1));
    await reveal(moderator, 3, ago(1));
    await reveal(moderator, 1, ago(2));
    await reveal(kim, 3, ago(30));
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it('refuses a moderator: the leads’ view is senior and admin', async () => {
    await expect(readTeamStats(moderator, '24h', thresholds, NOW)).rejects.toBeInstanceOf(AuthError);
  });

  it('counts what waits in each queue preset now by band, over the preset’s own scope whatever the window', async () => {
    const stats = await readTeamStats(senior, '24h', thresholds, NOW);
    const byPreset = Object.fromEntries(stats.backlog.map((entry) => [entry.preset, entry]));
    expect(byPreset['unreviewed-csam']!.bands).toEqual({ below: 0, near: 1, above: 1, unknown: 1 });
    expect(byPreset['unreviewed-csam']!.total).toBe(3);
    expect(byPreset['escalated-to-me']!.bands).toEqual({ below: 1, near: 0, above: 0, unknown: 0 });
    expect(byPreset['pending-moderation-gates']!.bands).toEqual({ below: 1, near: 0, above: 0, unknown: 0 });
    expect((await readTeamStats(senior, '30d', thresholds, NOW)).backlog).toEqual(stats.backlog);
  });

  it('counts decisions, the time from completion to first decision, each reviewer’s split and reversals', async () => {
    const stats = await readTeamStats(senior, '24h', thresholds, NOW);
    expect(stats.decided).toEqual({ workflows: 2, decisions: 3 });
    // 004 completed 3 h ago, first decided 2 h ago (1 h); 006 completed 3 h ago, decided 1 h ago (2 h).
    expect(stats.timeToFirstDecision).toEqual({ workflows: 2, p50Seconds: 5_400, p90Seconds: 6_840 });
    expect(stats.reviewers).toEqual([
      { id: kim.id, name: 'Kim', email: kim.email, decisions: 2, ok: 0, flagged: 1, escalated: 1, reversals: 1 },
      { id: moderator.id, name: 'Mo Moderator', email: moderator.email, decisions: 1, ok: 1, flagged: 0, escalated: 0, reversals: 0 },
    ]);
    expect(stats.reversals).toEqual({ count: 1, latest: [{ workflowId: '77-20261203000000004', by: 'Kim', from: 'ok', to: 'flagged', at: ago(1).toISOString() }] });
    const week = await readTeamStats(senior, '7d', thresholds, NOW);
    expect(week.decided).toEqual({ workflows: 3, decisions: 4 });
    expect(week.reviewers.find((row) => row.id === moderator.id)!.decisions).toBe(2);
  });

  it('counts reveals per reviewer per UTC day, tier 3 apart', async () => {
    const stats = await readTeamStats(senior, '7d', thresholds, NOW);
    expect(stats.reveals).toEqual([
      { reviewerId: moderator.id, name: 'Mo Moderator', email: moderator.email, day: '2026-12-03', revealed: 2, tier3: 1 },
      { reviewerId: kim.id, name: 'Kim', email: kim.email, day: '2026-12-02', revealed: 0, tier3: 1 },
    ]);
    expect((await readTeamStats(senior, '24h', thresholds, NOW)).reveals.map((row) => row.reviewerId)).toEqual([moderator.id]);
  });
});

for (const name of DATABASES) describe.skipIf(!databaseAvailable(name, 'team figures kept as decisions happen'))(`team figures kept as decisions happen on ${name}`, () => {
  let database: TestDatabase;
  const meta = { ip: '127.0.0.1', requestId: 'req-team' };
  const mo: SessionUser = { ...moderator };
  const kimUser: SessionUser = { ...kim, role: 'moderator', sessionId: 's-kim' };
  const decide = (workflowId: string, kind: DecisionRequest['kind'], expectedVersion: number, blobId: string | null = null): DecisionRequest => ({
    workflowId,
    blobId,
    kind,
    reasonCode: null,
    note: null,
    expectedVersion,
    workflowVersionSeen: 'succeeded:0',
  });
  const indexed = (id: string, completedHoursAgo: number) =>
    database.handle.db.insert(indexedWorkflow).values({
      id,
      ownerId: 77,
      status: 'succeeded',
      createdAt: ago(completedHoursAgo + 1),
      completedAt: ago(completedHoursAgo),
      outputCount: 1,
      worstCsam: 1,
      unreadableOutputs: 0,
      indexedAt: ago(completedHoursAgo),
      source: 'backfill',
    });
  const kept = async () => ({
    workflows: await database.handle.db
      .select({ workflowId: decidedWorkflow.workflowId, first: decidedWorkflow.firstDecidedAt, last: decidedWorkflow.lastDecidedAt })
      .from(decidedWorkflow)
      .orderBy(asc(decidedWorkflow.workflowId)),
    days: await database.handle.db.select().from(reviewerDay).orderBy(asc(reviewerDay.day), asc(reviewerDay.reviewerId)),
    stats: await Promise.all((['24h', '7d', '30d'] as const).map((window) => readTeamStats(senior, window, thresholds, NOW))),
  });

  beforeAll(async () => {
    database = await openTestDatabase(name);
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it('agrees with a recomputation from the decisions after decisions, reversals, bulk decisions and an undo', async () => {
    const [a, b, c, d] = ['77-20261201000000001', '77-20261201000000002', '77-20261201000000003', '77-20261201000000004'];
    await indexed(a, 40);
    await indexed(b, 5);
    await indexed(c, 5);
    // Mo's verdict on A 30 h ago (before the 24-hour window), reversed by Kim 20 h ago (in the window, before midnight).
    await recordDecision(mo, decide(a, 'ok', 0), meta, ago(30));
    await recordDecision(kimUser, decide(a, 'flagged', 1), meta, ago(20));
    // A bulk escalation 2 h ago, D not yet in the index; Mo takes D back, and Kim's verdict on it replaces none.
    const bulk = await recordDecisions(mo, [b, c, d].map((id) => decide(id, 'escalated', 0)), meta, ago(2));
    const onD = bulk.find((entry) => entry.workflowId === d)!.outcome;
    if (onD.kind !== 'recorded') throw new Error('the bulk decision on D was not recorded');
    await undoDecision(mo, onD.decision.id, meta, new Date(ago(2).getTime() + 5_000));
    await recordDecision(kimUser, decide(d, 'ok', 2), meta, ago(1.5));
    // Kim reverses B, and flags an output of C (its own subject: C's first decision stays the bulk one).
    await recordDecision(kimUser, decide(b, 'ok', 1), meta, ago(1));
    await recordDecision(kimUser, decide(c, 'flagged', 0, 'blob-c-1'), meta, ago(1));
    await indexed(d, 3);

    const day = await readTeamStats(senior, '24h', thresholds, NOW);
    expect(day.decided).toEqual({ workflows: 4, decisions: 7 });
    expect(day.reviewers).toEqual([
      { id: kim.id, name: 'Kim', email: kim.email, decisions: 4, ok: 2, flagged: 2, escalated: 0, reversals: 2 },
      { id: mo.id, name: 'Mo Moderator', email: mo.email, decisions: 3, ok: 0, flagged: 0, escalated: 3, reversals: 0 },
    ]);
    expect(day.reversals.count).toBe(2);
    // B and C completed 5 h ago and were first decided 2 h ago; D, indexed after its decision, completed 3 h ago.
    expect(day.timeToFirstDecision).toEqual({ workflows: 3, p50Seconds: 10_800, p90Seconds: 10_800 });
    expect((await readTeamStats(senior, '7d', thresholds, NOW)).decided).toEqual({ workflows: 4, decisions: 8 });
    // A window starting at midnight reads whole days only: today's six decisions, A's reversal of yesterday left out.
    expect((await readTeamStats(senior, '24h', thresholds, new Date('2026-12-04T00:00:00.000Z'))).decided).toEqual({ workflows: 3, decisions: 6 });

    const asKept = await kept();
    await database.handle.db.execute(sql`select rebuild_team_figures()`);
    expect(await kept()).toEqual(asKept);
  });
});
