import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { ConsoleError } from '@/lib/console-error';
import { auditEvent, session, user } from '@/lib/db/schema';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { claimedByOthers, claimWorkflow, liveClaims, releaseClaim, requireNotClaimedByOthers } from './claims';
import { recordDecision } from './decision-store';

const meta = { ip: '127.0.0.1', requestId: 'req-claims' };
/** Items of the two-reviewer walk: small in CI; TEAM_QUEUE_ITEMS=200 for the measurement. */
const QUEUE_ITEMS = Number(process.env.TEAM_QUEUE_ITEMS ?? 40);
const MINUTE = 60_000;

let workflowCounter = 0;
/** A fresh workflow id per test, so tests share one database without seeing each other's claims. */
function nextWorkflowId(): string {
  workflowCounter += 1;
  return `8484131-2026120310${String(workflowCounter).padStart(7, '0')}`;
}

for (const name of DATABASES) describe.skipIf(!databaseAvailable(name, 'review claims'))(`claims on ${name}`, () => {
  let database: TestDatabase;
  let people = 0;

  /** A reviewer with a signed-in session row (a claim belongs to a session). */
  async function reviewer(role: SessionUser['role'], displayName: string): Promise<SessionUser> {
    const number = (people += 1);
    const id = `u-${number}`;
    const sessionId = `s-${number}`;
    await database.handle.db.insert(user).values({ id, name: displayName, email: `${id}@example.test`, role });
    await database.handle.db.insert(session).values({ id: sessionId, token: `token-${number}`, userId: id, expiresAt: new Date(Date.now() + 60 * MINUTE) });
    return { id, email: `${id}@example.test`, name: displayName, role, sessionId };
  }

  async function refusal(promise: Promise<unknown>): Promise<ConsoleError> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConsoleError);
    return error as ConsoleError;
  }

  beforeAll(async () => {
    database = await openTestDatabase(name);
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it('claims a free workflow for five minutes and refuses a second reviewer, naming the holder', async () => {
    const [mo, kim] = [await reviewer('moderator', 'Mo Moderator'), await reviewer('moderator', 'Kim')];
    const workflowId = nextWorkflowId();
    const now = new Date();
    const claim = await claimWorkflow(mo, { workflowId }, meta, now);
    expect(claim).toEqual({ workflowId, by: { id: mo.id, name: 'Mo Moderator' }, since: now.toISOString(), until: new Date(now.getTime() + 5 * MINUTE).toISOString() });

    const conflict = await refusal(claimWorkflow(kim, { workflowId }, meta, new Date(now.getTime() + 2 * MINUTE)));
    expect(conflict.kind).toBe('conflict');
    expect(conflict.message).toBe('Mo Moderator is reviewing this (2 min).');
    expect(await claimedByOthers(kim, [workflowId])).toEqual(new Set([workflowId]));
    expect(await claimedByOthers(mo, [workflowId])).toEqual(new Set());
    await expect(requireNotClaimedByOthers(kim, workflowId)).rejects.toMatchObject({ kind: 'conflict' });
    await expect(requireNotClaimedByOthers(mo, workflowId)).resolves.toBeUndefined();
  });

  it('renews the holder’s claim, keeps when they started, and refuses a renewal after it ran out (stale renew)', async () => {
    const mo = await reviewer('moderator', 'Mo');
    const workflowId = nextWorkflowId();
    const start = new Date();
    await claimWorkflow(mo, { workflowId }, meta, start);
    const renewed = await claimWorkflow(mo, { workflowId, renew: true }, meta, new Date(start.getTime() + 4 * MINUTE));
    expect(renewed.since).toBe(start.toISOString());
    expect(renewed.until).toBe(new Date(start.getTime() + 9 * MINUTE).toISOString());
    // Opened again in another tab: still theirs, still counted from the start.
    expect((await claimWorkflow(mo, { workflowId }, meta, new Date(start.getTime() + 5 * MINUTE))).since).toBe(start.toISOString());

    const stale = await refusal(claimWorkflow(mo, { workflowId, renew: true }, meta, new Date(start.getTime() + 11 * MINUTE)));
    expect(stale.kind).toBe('conflict');
    expect(stale.message).toMatch(/ran out/);
  });

  it('lets another reviewer claim once the claim expired, and a renewal of the old holder then names the new one', async () => {
    const [mo, kim] = [await reviewer('moderator', 'Mo'), await reviewer('moderator', 'Kim')];
    const workflowId = nextWorkflowId();
    const start = new Date();
    await claimWorkflow(mo, { workflowId }, meta, start);
    const later = new Date(start.getTime() + 6 * MINUTE);
    expect((await claimWorkflow(kim, { workflowId }, meta, later)).by.name).toBe('Kim');
    const stale = await refusal(claimWorkflow(mo, { workflowId, renew: true }, meta, later));
    expect(stale.message).toBe('Kim is reviewing this (0 min).');
  });

  it('refuses a viewer (403) and a take-over by a moderator; a senior’s take-over is audited', async () => {
    const [viewer, mo, kim, sam] = [
      await reviewer('viewer', 'Vic'),
      await reviewer('moderator', 'Mo'),
      await reviewer('moderator', 'Kim'),
      await reviewer('senior', 'Sam Senior'),
    ];
    const workflowId = nextWorkflowId();
    await expect(claimWorkflow(viewer, { workflowId }, meta)).rejects.toBeInstanceOf(AuthError);
    const mine = await claimWorkflow(mo, { workflowId }, meta);
    await expect(claimWorkflow(kim, { workflowId, takeOver: true }, meta)).rejects.toMatchObject({ kind: 'forbidden' });

    const taken = await claimWorkflow(sam, { workflowId, takeOver: true }, meta);
    expect(taken.by).toEqual({ id: sam.id, name: 'Sam Senior' });
    const rows = await database.handle.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'claim_take_over'), eq(auditEvent.targetId, workflowId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: sam.id, targetType: 'workflow', workflowId, requestId: 'req-claims' });
    expect(rows[0]!.detail).toMatchObject({ from: { id: mo.id, name: 'Mo' }, since: mine.since });
    // The former holder's renewal now names the senior.
    expect((await refusal(claimWorkflow(mo, { workflowId, renew: true }, meta))).message).toMatch(/^Sam Senior is reviewing/);
  });

  it('ends a claim with its holder’s session, and a release touches only the caller’s own claim', async () => {
    const [mo, kim] = [await reviewer('moderator', 'Mo'), await reviewer('moderator', 'Kim')];
    const [first, second] = [nextWorkflowId(), nextWorkflowId()];
    await claimWorkflow(mo, { workflowId: first }, meta);
    await claimWorkflow(mo, { workflowId: second }, meta);
    expect(await releaseClaim(kim, second)).toBe(false);
    expect(await releaseClaim(mo, second)).toBe(true);
    expect((await liveClaims([first, second])).map((claim) => claim.workflowId)).toEqual([first]);

    await database.handle.db.delete(session).where(eq(session.id, mo.sessionId));
    expect(await liveClaims([first])).toEqual([]);
    expect((await claimWorkflow(kim, { workflowId: first }, meta)).by.name).toBe('Kim');
  });

  it('gives one claim to exactly one of many reviewers asking at once', async () => {
    const reviewers = await Promise.all(Array.from({ length: 8 }, (_, at) => reviewer('moderator', `R${at}`)));
    const workflowId = nextWorkflowId();
    const outcomes = await Promise.allSettled(reviewers.map((each) => claimWorkflow(each, { workflowId }, meta)));
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ kind: 'conflict' });
    expect((await liveClaims([workflowId]))[0]!.by.id).toBe((won[0] as PromiseFulfilledResult<{ by: { id: string } }>).value.by.id);
  });

  it('two reviewers walking one queue at once, as the queue and the routes do, decide every item exactly once', async () => {
    const [mo, kim] = [await reviewer('moderator', 'Mo'), await reviewer('moderator', 'Kim')];
    const items = Array.from({ length: QUEUE_ITEMS }, nextWorkflowId);
    const collectedAt = new Date();
    const recorded: string[] = [];
    let conflicts = 0;
    // The queue's steps for each item: claim it (refused when a colleague holds it or decided it since the queue
    // was collected), decide it (refused when a colleague holds it), the decision ends the claim; a refusal skips.
    async function work(person: SessionUser) {
      for (const workflowId of items) {
        try {
          await claimWorkflow(person, { workflowId, undecidedSince: collectedAt.toISOString() }, meta);
          await requireNotClaimedByOthers(person, workflowId);
        } catch (error) {
          if (error instanceof ConsoleError && error.kind === 'conflict') continue;
          throw error;
        }
        const request = { workflowId, blobId: null, kind: 'ok' as const, reasonCode: null, note: null, expectedVersion: 0, workflowVersionSeen: 'v' };
        const outcome = await recordDecision(person, request, meta);
        if (outcome.kind === 'recorded') recorded.push(workflowId);
        else conflicts += 1;
        await releaseClaim(person, workflowId);
      }
    }
    await Promise.all([work(mo), work(kim)]);
    console.info(`two reviewers, ${QUEUE_ITEMS} items on ${name}: ${JSON.stringify({ decided: recorded.length, reviewedTwice: recorded.length - new Set(recorded).size + conflicts })}`);
    expect(conflicts).toBe(0);
    expect(recorded.sort()).toEqual([...items].sort());
  });
});

