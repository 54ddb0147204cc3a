import { beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator';
import { createOrchestratorClient, type OrchestratorClient } from './client';
import { createCursorCodec } from './cursor';
import { emulatorForFile } from '@/test/orchestrator';
import { WorkflowPageSchema, type WireWorkflowPage, type WorkflowStatus } from './schemas';
import type { Workflow } from './types';
import { listWorkflows, type WorkflowSearch } from './workflows';

/** Listing: status filtering by paging upstream, signed cursors, the manager list in both shapes (contract §9.1). */

// About a third of the seeded workflows belong to the integrator the service token stands for: over 2,000 here.
const started = emulatorForFile({ workflows: 6_000 });
let emulator: RunningEmulator;
let client: OrchestratorClient;
const codec = createCursorCodec('workflows-test-secret-workflows-test-01');
const LIST = /^\/v2\/consumer\/workflows$/;

const search = (overrides: Partial<WorkflowSearch> = {}): WorkflowSearch => ({
  userId: null,
  tags: [],
  q: null,
  from: null,
  to: null,
  status: null,
  excludeFailed: false,
  order: 'newest',
  ...overrides,
});

/** Every page of a search, following `next` to the end. */
async function everyPage(query: WorkflowSearch, take: number, maxUpstreamCalls?: number) {
  const pages = [];
  let cursor: string | null = null;
  do {
    const page = await listWorkflows(client, codec, query, { take, cursor, maxUpstreamCalls });
    pages.push(page);
    cursor = page.next;
  } while (cursor);
  return pages;
}

/** The integrator's whole feed straight from the upstream, for the expected answer. */
async function upstreamFeed(): Promise<{ id: string; status: WorkflowStatus }[]> {
  const out: { id: string; status: WorkflowStatus }[] = [];
  let cursor: string | null = null;
  do {
    const page: WireWorkflowPage = await client.getJson({
      path: '/v2/consumer/workflows',
      query: { take: 100, cursor, hideMatureContent: false },
      schema: WorkflowPageSchema,
      what: 'workflow list',
    });
    out.push(...page.items.map((item) => ({ id: item.id!, status: item.status })));
    cursor = page.next ?? null;
  } while (cursor);
  return out;
}

beforeAll(() => {
  emulator = started();
  client = createOrchestratorClient({ baseUrl: emulator.url, token: emulator.control.scenarios.tokens.service, log: () => {} });
});

describe('status filtering', () => {
  it('returns every failed workflow exactly once across pages of 50, in upstream order', async () => {
    const feed = await upstreamFeed();
    expect(feed.length).toBeGreaterThanOrEqual(2_000);
    const expected = feed.filter((item) => item.status === 'failed').map((item) => item.id);
    expect(expected.length).toBeGreaterThan(100);

    const pages = await everyPage(search({ status: 'failed' }), 50);
    const ids = pages.flatMap((page) => page.items.map((item: Workflow) => item.id));
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages.every((page) => page.items.every((item) => item.status === 'failed'))).toBe(true);
    expect(pages.slice(0, -1).every((page) => page.items.length === 50 && page.filled)).toBe(true);
    expect(pages.reduce((sum, page) => sum + page.scanned, 0)).toBeGreaterThanOrEqual(feed.length);
  });

  it('stops at the bound on upstream calls and resumes from the cursor', async () => {
    const { statusMix } = emulator.control.scenarios;
    const query = search({ tags: [statusMix.tag], status: 'failed' });
    const pages = await everyPage(query, 50, 1);
    expect(pages.every((page) => page.upstreamCalls === 1)).toBe(true);
    expect(pages.some((page) => !page.filled)).toBe(true);
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    expect(ids).toHaveLength(statusMix.byStatus.failed!);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads one upstream page per console page without a status filter', async () => {
    const page = await listWorkflows(client, codec, search(), { take: 20, cursor: null });
    expect(page).toMatchObject({ upstreamCalls: 1, scanned: 20, filled: true });
    expect(new URLSearchParams(emulator.control.calls({ path: LIST })[0]!.query).get('take')).toBe('20');
  });
});

describe('cursors', () => {
  it('refuses a tampered cursor before any upstream call', async () => {
    const first = await listWorkflows(client, codec, search({ status: 'failed' }), { take: 5, cursor: null });
    emulator.control.clearCalls();
    const tampered = `${first.next!.slice(0, -3)}xyz`;
    await expect(listWorkflows(client, codec, search({ status: 'failed' }), { take: 5, cursor: tampered })).rejects.toMatchObject({
      kind: 'invalid_input',
      field: 'cursor',
      message: 'The list changed, start again.',
    });
    expect(emulator.control.calls()).toHaveLength(0);
  });

  it('refuses a cursor made for another search', async () => {
    const first = await listWorkflows(client, codec, search({ status: 'failed' }), { take: 5, cursor: null });
    emulator.control.clearCalls();
    await expect(
      listWorkflows(client, codec, search({ status: 'succeeded' }), { take: 5, cursor: first.next }),
    ).rejects.toMatchObject({ kind: 'invalid_input', field: 'cursor' });
    expect(emulator.control.calls()).toHaveLength(0);
  });
});

describe('an upstream that repeats itself', () => {
  it('drops duplicate ids and stops when the upstream hands back a cursor it already gave', async () => {
    const item = (id: string) => ({ id, createdAt: '2026-01-01T00:00:00.0000000Z', status: 'failed' });
    const body = JSON.stringify({ items: [item('5-20260101000000001'), item('5-20260101000000002'), item('5-20260101000000001')], next: 'again' });
    emulator.control.setFaults([{ path: LIST.source, kind: 'status', status: 200, body, contentType: 'application/json' }]);
    const page = await listWorkflows(client, codec, search({ status: 'failed' }), { take: 50, cursor: null });
    expect(page.items.map((workflow) => workflow.id)).toEqual(['5-20260101000000001', '5-20260101000000002']);
    expect(page).toMatchObject({ next: null, upstreamCalls: 2 });
  });
});

describe('a malformed item', () => {
  it('is left out and counted, without hiding the rest of the page', async () => {
    const body = JSON.stringify({
      items: [
        { id: '5-20260101000000001', createdAt: '2026-01-01T00:00:00Z', status: 'succeeded' },
        { id: '5-20260101000000002', createdAt: 'yesterday', status: 'succeeded' },
        { createdAt: '2026-01-01T00:00:00Z', status: 'succeeded' },
      ],
      next: null,
    });
    emulator.control.setFaults([{ path: LIST.source, kind: 'status', status: 200, body, contentType: 'application/json' }]);
    const page = await listWorkflows(client, codec, search(), { take: 50, cursor: null });
    expect(page.items.map((workflow) => workflow.id)).toEqual(['5-20260101000000001']);
    expect(page).toMatchObject({ unreadable: 2, scanned: 3 });
  });
});

describe('upstream parameters', () => {
  it('sends each tag as one literal repeated value, with the other filters', async () => {
    const tags = ['a&tags=b', 'x y', 'user:42'];
    await listWorkflows(
      client,
      codec,
      search({ tags, q: 'fox', from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T23:59:59.999Z', excludeFailed: true, order: 'oldest' }),
      { take: 10, cursor: null },
    );
    const query = new URLSearchParams(emulator.control.calls({ path: LIST })[0]!.query);
    expect(query.getAll('tags')).toEqual(tags);
    expect(Object.fromEntries([...query].filter(([key]) => key !== 'tags'))).toEqual({
      take: '10',
      query: 'fox',
      fromDate: '2026-01-01T00:00:00.000Z',
      toDate: '2026-01-31T23:59:59.999Z',
      excludeFailed: 'true',
      ascending: 'true',
      hideMatureContent: 'false',
    });
  });

  it("finds an integrator's end user by the user:<id> tag", async () => {
    const { endUserTag } = emulator.control.scenarios;
    const pages = await everyPage(search({ tags: [endUserTag.tag] }), 100);
    const items = pages.flatMap((page) => page.items);
    expect(items).toHaveLength(endUserTag.workflowCount);
    expect(items.every((workflow) => workflow.tags.includes(endUserTag.tag))).toBe(true);
  });
});

describe('a Civitai user through the manager endpoint', () => {
  it('pages the {items, next} shape to the end', async () => {
    const { riskyUser } = emulator.control.scenarios;
    const pages = await everyPage(search({ userId: String(riskyUser.userId) }), 20);
    const items = pages.flatMap((page) => page.items);
    expect(items).toHaveLength(riskyUser.workflowCount);
    expect(items.every((workflow) => workflow.ownerId === riskyUser.userId)).toBe(true);
    const call = new URLSearchParams(emulator.control.calls({ path: /^\/v1\/manager\/workflows$/ })[0]!.query);
    expect(call.get('UserId')).toBe(String(riskyUser.userId));
    expect(call.get('Take')).toBe('20');
  });

  it('filters dates locally, since the manager endpoint has no date parameters', async () => {
    const { riskyUser } = emulator.control.scenarios;
    const all = (await everyPage(search({ userId: String(riskyUser.userId) }), 100)).flatMap((page) => page.items);
    const middle = [...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[Math.floor(all.length / 2)]!.createdAt;
    const recent = (await everyPage(search({ userId: String(riskyUser.userId), from: middle }), 100)).flatMap((page) => page.items);
    expect(recent.map((workflow) => workflow.id)).toEqual(all.filter((workflow) => workflow.createdAt >= middle).map((workflow) => workflow.id));
  });

  it('reads the bare-array shape as one last page', async () => {
    const bare = await startEmulator({ workflows: 200, managerList: 'bare' });
    try {
      const bareClient = createOrchestratorClient({ baseUrl: bare.url, token: bare.control.scenarios.tokens.service, log: () => {} });
      const { riskyUser } = bare.control.scenarios;
      const page = await listWorkflows(bareClient, codec, search({ userId: String(riskyUser.userId) }), { take: 100, cursor: null });
      expect(page.items.length).toBe(Math.min(100, riskyUser.workflowCount));
      expect(page.next).toBeNull();
    } finally {
      await bare.close();
    }
  });
});
