import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { hasPendingModerationGate } from '@/lib/moderation/moderation-gate';
import { listRisk } from '@/lib/moderation/read-model';
import { createOrchestratorClient, type OrchestratorClient } from '@/lib/orchestrator/client';
import { emulatorForFile } from '@/test/orchestrator';
import type { Workflow } from '@/lib/orchestrator/types';
import { listPage } from '@/lib/orchestrator/workflows';
import { DATABASES, databaseAvailable, openTestDatabase, type TestDatabase } from '@/test/databases';
import { Indexer, type IndexerOptions } from './indexer';
import { backgroundContext, isTerminal, readForIndex } from './reader';
import { clearPendingModerationGate, indexedRiskFacts, indexWorkflows, pendingModerationGates } from './store';
import { claimWork, rowsOf, saveWork } from './work';
import { watchUser } from './watch';
import { receiveWebhook } from './webhook';

/**
 * The indexer against the in-process emulator (anchored to now), on PGlite and on PostgreSQL: the backfill covers
 * every terminal workflow of its window once, resumes a dead holder's slice after its lease runs out, the follower
 * picks up a workflow completed just now, a callback queues one read, and a watched user is indexed.
 */

const THRESHOLDS = { near: 10, above: 50 };
const DAY = 86_400_000;
const started = emulatorForFile({ workflows: 1000, anchor: new Date(), control: true });
let client: OrchestratorClient;

function indexer(holder: string, extra: Partial<IndexerOptions> = {}): Indexer {
  return new Indexer({
    client,
    thresholds: THRESHOLDS,
    holder,
    concurrency: 7,
    backfillDays: 30,
    sliceMinutes: 5 * 1440,
    pollSeconds: 1,
    retentionDays: 130,
    leaseSeconds: 20,
    ...extra,
  });
}

async function query(text: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  return rowsOf(await (await db()).execute(text));
}

/** What the consumer list holds from `from` on, terminal only: what the backfill must index. */
async function terminalSince(from: Date): Promise<Workflow[]> {
  const search = { userId: null, tags: [], q: null, from: from.toISOString(), to: null, status: null, excludeFailed: false, order: 'newest' as const };
  const found: Workflow[] = [];
  let cursor: string | null = null;
  do {
    const page = await listPage(client, search, cursor, 100);
    found.push(...page.workflows.filter(isTerminal));
    cursor = page.next;
  } while (cursor);
  return found;
}

beforeAll(() => {
  const emulator = started();
  client = createOrchestratorClient({ baseUrl: emulator.url, token: emulator.control.scenarios.tokens.service });
});

for (const name of DATABASES) {
  describe.skipIf(!databaseAvailable(name, 'risk indexer'))(`the risk indexer on ${name}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(name);
    });
    afterAll(() => database?.dispose());

    it('backfills every terminal workflow of the window once, and resumes a dead holder’s slice after its lease', async () => {
      const now = new Date();
      const worker = indexer('instance-b');
      await worker.plan(now);
      const slices = await query(sql`select key, state from index_work where kind = 'slice' order by key desc`);
      expect(slices.length).toBe(7);

      // A holder claims the newest slice, commits one small page with its cursor, and dies holding the lease.
      const dead = await claimWork('instance-a', ['slice'], 6);
      expect(dead).not.toBeNull();
      const sliceState = dead!.state as { from: string; to: string };
      const search = { userId: null, tags: [], q: null, from: sliceState.from, to: sliceState.to, status: null, excludeFailed: false, order: 'newest' as const };
      const first = await listPage(client, search, null, 2, backgroundContext(client));
      expect(first.next).not.toBeNull();
      const inputs = await readForIndex({ client, thresholds: THRESHOLDS, limit: (task) => task() }, first.workflows);
      await indexWorkflows(inputs, 'backfill', new Date(), (tx) =>
        saveWork(tx, 'instance-a', dead!, { state: { ...sliceState, cursor: first.next, indexed: inputs.length, pages: 1 }, leaseSeconds: 6 }),
      );

      await worker.drain(['slice']);
      const heldBack = await query(sql`select done, holder from index_work where key = ${dead!.key}`);
      expect(heldBack[0]).toMatchObject({ done: false, holder: 'instance-a' });
      // The dead holder's lease runs out; the other instance takes the slice over from its cursor.
      for (;;) {
        const [lease] = await query(sql`select lease_until < now() as expired from index_work where key = ${dead!.key}`);
        if (lease!.expired) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await worker.drain(['slice']);

      const after = await query(sql`select key, done, attempts, holder, (state->>'indexed')::int as indexed from index_work where kind = 'slice'`);
      expect(worker.lastError).toBeNull();
      expect(after.every((row) => row.done === true && row.holder === null)).toBe(true);
      expect(after.find((row) => row.key === dead!.key)?.attempts).toBe(2);
      expect(after.filter((row) => row.key !== dead!.key).every((row) => row.attempts === 1)).toBe(true);

      const windowStart = new Date(Math.min(...after.map((row) => Date.parse(String(row.key).slice('slice:'.length)))));
      const expected = await terminalSince(windowStart);
      expect(expected.length).toBeGreaterThan(20);
      // Counted per slice in the same transaction as its rows: a redo would count twice, a gap would count short.
      expect(after.reduce((sum, row) => sum + Number(row.indexed), 0)).toBe(expected.length);
      const indexed = await query(sql`select id from indexed_workflow where source = 'backfill'`);
      expect(new Set(indexed.map((row) => row.id))).toEqual(new Set(expected.map((workflow) => workflow.id)));
      const status = await query(sql`select count(*)::int as n from indexed_output`);
      expect(Number(status[0]!.n)).toBeGreaterThan(expected.length);
    });

    it('records, for each indexed workflow, whether a step’s moderation gate is under review', async () => {
      const { pendingGate } = started().control.scenarios;
      const rows = await query(sql`select id, pending_moderation_gate as pending from indexed_workflow`);
      const indexed = new Map(rows.map((row) => [row.id as string, row.pending as boolean]));
      const listed = (await terminalSince(new Date(Date.now() - 30 * DAY))).filter((workflow) => indexed.has(workflow.id));
      expect(listed.length).toBeGreaterThan(20);
      for (const workflow of listed) expect(indexed.get(workflow.id)).toBe(hasPendingModerationGate(workflow));
      expect(indexed.get(pendingGate.workflowId)).toBe(true);
      const pending = listed.filter(hasPendingModerationGate).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
      expect((await pendingModerationGates(100)).map((row) => row.id)).toEqual(pending.map((workflow) => workflow.id));
      await clearPendingModerationGate(pendingGate.workflowId);
      expect((await pendingModerationGates(100)).map((row) => row.id)).not.toContain(pendingGate.workflowId);
    });

    it('follows: a workflow completed just now is indexed on the next poll, with its own risk', async () => {
      const worker = indexer('instance-follow');
      await worker.plan();
      const id = started().control.completeWorkflow({ risk: 'above' });
      expect(await worker.workOnce(['follower'])).toBe(true);
      const facts = await indexedRiskFacts([id]);
      expect(listRisk(facts.get(id), THRESHOLDS)).toEqual({ band: 'above', csamPercent: 72.5 });
      // Held by its follower: a second instance does not follow meanwhile.
      expect(await indexer('instance-other').workOnce(['follower'])).toBe(false);
    });

    it('reads a workflow a callback names, once per (workflow, status, timestamp)', async () => {
      const id = started().control.completeWorkflow({ risk: 'near' });
      const secret = 'a-webhook-secret-of-some-length';
      const event = JSON.stringify({ $type: 'workflow', workflowId: id, status: 'succeeded', timestamp: '2026-12-01T10:00:00.1234567Z' });
      const post = () => receiveWebhook(new Request('http://console.test/api/webhooks/orchestrator', { method: 'POST', headers: { 'x-webhook-secret': secret }, body: event }), secret);
      expect((await post()).status).toBe(202);
      expect((await post()).status).toBe(200);
      const worker = indexer('instance-callback');
      expect(await worker.workOnce(['read'])).toBe(true);
      const units = await query(sql`select done from index_work where key like ${`callback:${id}:%`}`);
      expect(units).toEqual([{ done: true }]);
      const [row] = await query(sql`select source, worst_csam from indexed_workflow where id = ${id}`);
      expect(row).toMatchObject({ source: 'callback', worst_csam: 27.25 });
    });

    it('indexes a watched Civitai user through the manager list', async () => {
      const { riskyUser } = started().control.scenarios;
      await watchUser(riskyUser.userId, 'moderator-1', 'searched');
      const worker = indexer('instance-watch');
      expect(await worker.workOnce(['watch'])).toBe(true);
      const [row] = await query(sql`select count(*)::int as n from indexed_workflow where owner_id = ${riskyUser.userId}`);
      const terminal = started().control.store.recordsOf(riskyUser.userId).filter((record) => isTerminal(record) && record.createdMs > Date.now() - 130 * DAY);
      expect(Number(row!.n)).toBe(terminal.length);
      // Parked until its next pass.
      expect(await worker.workOnce(['watch'])).toBe(false);
    });

    it('deletes what is older than the retention', async () => {
      const worker = indexer('instance-retain', { retentionDays: 1 });
      await worker.retain();
      const [row] = await query(sql`select count(*)::int as n from indexed_workflow where created_at < now() - interval '1 day'`);
      expect(Number(row!.n)).toBe(0);
      const [slices] = await query(sql`select count(*)::int as n from index_work where kind = 'slice' and key < ${`slice:${new Date(Date.now() - DAY).toISOString()}`}`);
      expect(Number(slices!.n)).toBe(0);
    });
  });
}
