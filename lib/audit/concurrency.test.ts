import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/session-user';
import { databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { appendAudit } from './audit';
import { db } from '@/lib/db/client';

/**
 * 50 reviewers writing 2,000 audit events each at the same time, through the real appendAudit on PostgreSQL (the
 * multi-instance database): every row must be stored, and each reviewer's rows must be in the order written.
 */
const REVIEWERS = 50;
const EVENTS_EACH = 2_000;

describe.skipIf(!databaseAvailable('PostgreSQL', 'audit concurrency'))('audit log under 50 concurrent reviewers (PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase('PostgreSQL');
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it(`stores all ${REVIEWERS * EVENTS_EACH} events, in order per reviewer`, { timeout: 120_000 }, async () => {
    const reviewers: SessionUser[] = Array.from({ length: REVIEWERS }, (_, index) => ({
      id: `reviewer-${index}`,
      email: `reviewer-${index}@example.test`,
      name: `Reviewer ${index}`,
      role: 'moderator',
      sessionId: `session-${index}`,
    }));

    // What each caller was told: the id of its own row.
    const idsGiven = new Map<string, string>();
    const started = performance.now();
    await Promise.all(
      reviewers.map(async (actor) => {
        // One reviewer works one item after another, as a person does: each write is confirmed before the next.
        for (let seq = 0; seq < EVENTS_EACH; seq += 1) {
          const stored = await appendAudit({ actor, action: 'decision', targetType: 'workflow', targetId: `wf-${actor.id}-${seq}`, detail: { seq } });
          idsGiven.set(stored.id, `${actor.id}:${seq}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `audit concurrency on PostgreSQL: ${REVIEWERS * EVENTS_EACH} rows by ${REVIEWERS} reviewers in ${seconds.toFixed(1)} s ` +
        `(${Math.round((REVIEWERS * EVENTS_EACH) / seconds)} rows/s)`,
    );

    const result = await (await db()).execute(sql`
      select actor_id, count(*)::int as total,
             bool_and(seq = expected) as in_order
      from (
        select actor_id, (detail->>'seq')::int as seq, row_number() over (partition by actor_id order by id) - 1 as expected
        from audit_event
      ) numbered
      group by actor_id
    `);
    const rows = [...(result as unknown as Iterable<{ actor_id: string; total: number; in_order: boolean }>)];
    expect(rows).toHaveLength(REVIEWERS);
    expect(rows.reduce((sum, row) => sum + row.total, 0)).toBe(REVIEWERS * EVENTS_EACH);
    expect(rows.filter((row) => row.total !== EVENTS_EACH || !row.in_order)).toEqual([]);

    // Every caller got the id of its own row, never a neighbour's from the same batch.
    const stored = await (await db()).execute(sql`select id::text as id, actor_id || ':' || (detail->>'seq') as owner from audit_event`);
    const mismatched = [...(stored as unknown as Iterable<{ id: string; owner: string }>)].filter((row) => idsGiven.get(row.id) !== row.owner);
    expect(idsGiven.size).toBe(REVIEWERS * EVENTS_EACH);
    expect(mismatched).toEqual([]);
  });
});
