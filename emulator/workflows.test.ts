import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ManagerWorkflowListSchema,
  ProblemDetailsSchema,
  ValidationProblemDetailsSchema,
  WorkflowPageSchema,
  WorkflowSchema,
  WorkflowStepSchema,
  type WireWorkflow,
} from '../lib/orchestrator/schemas';
import { startEmulator, type RunningEmulator, type Scenarios } from './index';
import { call, SERVICE, userBearer } from './test-support';

let emu: RunningEmulator;
let s: Scenarios;
const api = (path: string) => `${emu.url}${path}`;

beforeAll(async () => {
  emu = await startEmulator({ seed: 42, workflows: 2000 });
  s = emu.control.scenarios;
});
afterAll(() => emu.close());

/** Every page of a list, following `next`. */
async function allPages(path: string, params: Record<string, string>, auth = SERVICE, manager = false, base = emu.url): Promise<WireWorkflow[]> {
  const items: WireWorkflow[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < 1000; page += 1) {
    const query = new URLSearchParams(params);
    if (cursor) query.set(manager ? 'Cursor' : 'cursor', cursor);
    const res = await call(`${base}${path}?${query}`, manager ? ManagerWorkflowListSchema : WorkflowPageSchema, { auth });
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.next;
    if (!cursor) return items;
  }
  throw new Error('pagination did not end');
}

const createdOrder = (items: WireWorkflow[]) => items.map((w) => `${w.createdAt}|${w.id}`);

describe('GET /v2/consumer/workflows', () => {
  it('lists the token owner’s workflows newest first, as {items, next}, parsed by the shared schema', async () => {
    const res = await call(api('/v2/consumer/workflows?take=5'), WorkflowPageSchema);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.items.every((w) => w.id?.startsWith(`${s.integrator.userId}-`))).toBe(true);
    const order = createdOrder(res.body.items);
    expect(order).toEqual([...order].sort().reverse());
    expect(typeof res.body.next).toBe('string');
    // .NET round-trip dates with 7 fractional digits, and nullable fields written as null.
    expect(res.text).toMatch(/"createdAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z"/);
    expect(res.text).toContain('"deletedAt":null');
  });

  it('pages across all 2,000 workflows without skipping or repeating, in both orders', async () => {
    const owners = new Set(emu.control.store.records.map((r) => r.owner));
    const visible = emu.control.store.records.filter((r) => !emu.control.store.isGone(r));
    for (const ascending of [false, true]) {
      const seen: WireWorkflow[] = [];
      for (const owner of owners) {
        const items = await allPages('/v1/manager/workflows', { UserId: String(owner), Take: '100', Inverse: String(ascending) }, SERVICE, true);
        const order = createdOrder(items);
        expect(order).toEqual(ascending ? [...order].sort() : [...order].sort().reverse());
        seen.push(...items);
      }
      const ids = seen.map((w) => w.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(visible.map((r) => r.id)));
    }
  });

  it('combines repeated tags with AND, and reads parameter names case-insensitively', async () => {
    const both = await allPages('/v2/consumer/workflows', { TAGS: s.endUserTag.tag, Tags: 'type:video', TAKE: '100' });
    expect(both.length).toBeGreaterThan(0);
    expect(both.every((w) => w.tags?.includes(s.endUserTag.tag) && w.tags.includes('type:video'))).toBe(true);
    const tagOnly = await allPages('/v2/consumer/workflows', { tags: s.endUserTag.tag, take: '100' });
    expect(tagOnly.length).toBeGreaterThan(both.length);
  });

  it('filters status with excludeFailed, matching the published status mix', async () => {
    const all = await allPages('/v2/consumer/workflows', { tags: s.statusMix.tag, take: '100', unknownParameter: 'ignored' });
    expect(all).toHaveLength(s.statusMix.total);
    expect(all.filter((w) => w.status === 'failed')).toHaveLength(s.statusMix.byStatus.failed ?? 0);
    const kept = await allPages('/v2/consumer/workflows', { tags: s.statusMix.tag, take: '100', excludeFailed: 'True' });
    expect(kept).toHaveLength(s.statusMix.excludeFailedTotal);
    expect(kept.some((w) => ['failed', 'expired', 'canceled'].includes(w.status))).toBe(false);
  });

  it('matches `query` against metadata text and dates inclusively', async () => {
    const hits = await allPages('/v2/consumer/workflows', { query: 'LIGHTHOUSE', take: '100' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((w) => JSON.stringify(w.metadata).toLowerCase().includes('lighthouse'))).toBe(true);
    const some = (await call(api('/v2/consumer/workflows?take=30'), WorkflowPageSchema)).body.items;
    const [newest, oldest] = [some[5]!, some[20]!];
    const ranged = await allPages('/v2/consumer/workflows', { fromDate: oldest.createdAt, toDate: newest.createdAt, take: '100' });
    expect(ranged.map((w) => w.id)).toEqual(some.slice(5, 21).map((w) => w.id));
  });

  it('answers 400 ValidationProblemDetails for an unparseable parameter or cursor, 401 without a valid token', async () => {
    for (const query of ['take=abc', 'cursor=not-a-cursor', 'fromDate=yesterday', 'excludeFailed=maybe']) {
      const res = await call(api(`/v2/consumer/workflows?${query}`), ValidationProblemDetailsSchema);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    for (const auth of [null, 'Bearer nope', 'Basic abc']) {
      const res = await call(api('/v2/consumer/workflows'), ProblemDetailsSchema, { auth });
      expect(res.status).toBe(401);
      expect(res.body.status).toBe(401);
    }
  });
});

describe('GET /v2/consumer/workflows/{id}', () => {
  it('reads any workflow with the service token and only its own with a user token', async () => {
    const gallery = await call(api(`/v2/consumer/workflows/${s.gallery.workflowId}`), WorkflowSchema);
    expect(gallery.status).toBe(200);
    expect(gallery.body.id).toBe(s.gallery.workflowId);
    const own = await call(api(`/v2/consumer/workflows/${s.gallery.workflowId}`), WorkflowSchema, { auth: userBearer(s.gallery.owner) });
    expect(own.status).toBe(200);
    const other = await call(api(`/v2/consumer/workflows/${s.riskyUser.workflowId}`), ProblemDetailsSchema, { auth: userBearer(s.gallery.owner) });
    expect(other.status).toBe(404);
    const mine = await call(api('/v2/consumer/workflows?take=100'), WorkflowPageSchema, { auth: userBearer(s.riskyUser.userId) });
    expect(mine.body.items.every((w) => w.id?.startsWith(`${s.riskyUser.userId}-`))).toBe(true);
  });

  it('treats deleted, finished ephemeral and unknown workflows as gone', async () => {
    for (const id of [s.deleted.workflowId, s.ephemeral.workflowId, '5-20990101000000000']) {
      expect((await call(api(`/v2/consumer/workflows/${id}`), ProblemDetailsSchema)).status).toBe(404);
    }
  });

  it('passes an unknown step type through the shared schema', async () => {
    const res = await call(api(`/v2/consumer/workflows/${s.unknownStep.workflowId}`), WorkflowSchema);
    const step = res.body.steps?.find((candidate) => candidate.name === s.unknownStep.stepName);
    expect(step?.$type).toBe('somethingNew');
    expect(step?.output).toBeTruthy();
  });

  it('waits with `wait`: 202 when it runs out, 200 once a cancel makes the workflow terminal', async () => {
    const started = Date.now();
    const pending = await call(api(`/v2/consumer/workflows/${s.processing.workflowId}?wait=1`), WorkflowSchema);
    expect(pending.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await call(api(`/v2/consumer/workflows/${s.processing.workflowId}`), WorkflowSchema)).status).toBe(200);
    const waiting = call(api(`/v2/consumer/workflows/${s.processing.workflowId}?wait=30`), WorkflowSchema);
    const cancel = await call(api(`/v2/consumer/workflows/${s.processing.workflowId}`), null, {
      method: 'PUT',
      body: JSON.stringify({ status: 'canceled' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(cancel.status).toBe(204);
    const done = await waiting;
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('canceled');
    expect(done.body.steps?.every((step) => step.jobs?.every((job) => job.status === 'canceled' || job.status === 'succeeded'))).toBe(true);
    expect((await call(api('/v2/consumer/workflows/x?wait=true'), null)).status).toBe(404);
    expect((await call(api(`/v2/consumer/workflows/${s.gallery.workflowId}?wait=true`), ValidationProblemDetailsSchema)).status).toBe(400);
  });

  it('hides mature blobs with hideMatureContent=true', async () => {
    const res = await call(api(`/v2/consumer/workflows/${s.gallery.workflowId}?hideMatureContent=true`), WorkflowSchema);
    const x = JSON.parse(res.text).steps[0].output.images.find((b: { id: string }) => b.id === s.gallery.byRole['level:x']!.blobId);
    expect(x).toMatchObject({ available: false, url: null });
  });
});

describe('writes answer 204 with an empty body', () => {
  // Writes get an emulator of their own, so the read tests above see the seeded data unchanged.
  let writable: RunningEmulator;
  const wapi = (path: string) => `${writable.url}${path}`;
  beforeAll(async () => {
    writable = await startEmulator({ seed: 42, workflows: 2000 });
  });
  afterAll(() => writable.close());

  it('keeps cursors stable while workflows change between pages', async () => {
    const tag = s.endUserTag.tag;
    const first = await call(wapi(`/v2/consumer/workflows?tags=${tag}&take=10`), WorkflowPageSchema);
    // Delete one already seen and one not yet seen: the next page neither repeats nor skips the rest.
    const seenId = first.body.items[3]!.id!;
    const all = await allPages('/v2/consumer/workflows', { tags: tag, take: '100' }, SERVICE, false, writable.url);
    const unseen = all[15]!.id!;
    for (const id of [seenId, unseen]) expect((await call(wapi(`/v2/consumer/workflows/${id}`), null, { method: 'DELETE' })).status).toBe(204);
    const rest: WireWorkflow[] = [];
    let cursor = first.body.next;
    while (cursor) {
      const page = await call(wapi(`/v2/consumer/workflows?tags=${tag}&take=10&cursor=${cursor}`), WorkflowPageSchema);
      rest.push(...page.body.items);
      cursor = page.body.next;
    }
    const expected = all.slice(10).map((w) => w.id).filter((id) => id !== unseen);
    expect(rest.map((w) => w.id)).toEqual(expected);
  });

  const json = (body: unknown, contentType = 'application/json') => ({ body: JSON.stringify(body), headers: { 'Content-Type': contentType } });

  it('PUT replaces metadata and tags; limits are 10 tags of 200 characters', async () => {
    const id = s.hostileText.workflowId;
    const put = await call(wapi(`/v2/consumer/workflows/${id}`), null, { method: 'PUT', auth: userBearer(s.hostileText.owner), ...json({ metadata: { note: 'reviewed' }, tags: ['a', 'b'] }) });
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    const after = await call(wapi(`/v2/consumer/workflows/${id}`), WorkflowSchema);
    expect(after.body).toMatchObject({ metadata: { note: 'reviewed' }, tags: ['a', 'b'] });
    const tooMany = await call(wapi(`/v2/consumer/workflows/${id}`), ValidationProblemDetailsSchema, {
      method: 'PUT',
      auth: userBearer(s.hostileText.owner),
      ...json({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }),
    });
    expect(tooMany.status).toBe(400);
    const tooLong = await call(wapi(`/v2/consumer/workflows/${id}/tags`), ValidationProblemDetailsSchema, { method: 'POST', auth: userBearer(s.hostileText.owner), ...json('x'.repeat(201)) });
    expect(tooLong.status).toBe(400);
  });

  it('a user token cannot write another user’s workflow', async () => {
    const res = await call(wapi(`/v2/consumer/workflows/${s.riskyUser.workflowId}`), null, { method: 'PUT', auth: userBearer(s.gallery.owner), ...json({ tags: [] }) });
    expect(res.status).toBe(404);
  });

  it('PATCH applies a JSON patch and refuses an add whose parent is missing', async () => {
    const id = s.failedWithReason.workflowId;
    const patch = (ops: unknown) => call(wapi(`/v2/consumer/workflows/${id}`), null, { method: 'PATCH', ...json(ops, 'application/json-patch+json') });
    expect((await patch([{ op: 'add', path: '/metadata/output/ABC', value: {} }])).status).toBe(400);
    expect((await patch([{ op: 'add', path: '/metadata/output', value: {} }, { op: 'add', path: '/metadata/output/ABC', value: { hidden: true } }, { op: 'add', path: '/tags/-', value: 'favorite' }])).status).toBe(204);
    const after = await call(wapi(`/v2/consumer/workflows/${id}`), WorkflowSchema);
    expect(after.body.metadata).toMatchObject({ output: { ABC: { hidden: true } } });
    expect(after.body.tags).toContain('favorite');
    expect((await patch([{ op: 'replace', path: '/id', value: 'x' }])).status).toBe(400);
    expect((await patch([{ op: 'replace', path: '/status', value: 'succeeded' }])).status).toBe(400);
    expect((await patch([{ op: 'add', path: '/__proto__/polluted', value: 1 }])).status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('adds, removes and clears tags; only the owner may', async () => {
    const url = wapi(`/v2/consumer/workflows/${s.unknownStep.workflowId}`);
    const auth = userBearer(s.unknownStep.owner);
    expect((await call(`${url}/tags`, null, { method: 'POST', auth, ...json('favorite') })).status).toBe(204);
    expect((await call(url, WorkflowSchema, { auth })).body.tags).toContain('favorite');
    expect((await call(`${url}/tags/favorite`, null, { method: 'DELETE', auth })).status).toBe(204);
    expect((await call(url, WorkflowSchema, { auth })).body.tags).not.toContain('favorite');
    expect((await call(`${url}/tags`, null, { method: 'DELETE', auth })).status).toBe(204);
    expect((await call(url, WorkflowSchema, { auth })).body.tags).toEqual([]);
    expect((await call(`${url}/tags`, ValidationProblemDetailsSchema, { method: 'POST', auth, ...json({ tag: 'x' }) })).status).toBe(400);
    // The service token reads any workflow but writes only its own.
    expect((await call(`${url}/tags`, null, { method: 'POST', ...json('x') })).status).toBe(404);
  });

  it('DELETE soft-deletes: the workflow leaves reads and queries', async () => {
    const id = s.processing.workflowId;
    expect((await call(wapi(`/v2/consumer/workflows/${id}`), null, { method: 'DELETE' })).status).toBe(204);
    expect((await call(wapi(`/v2/consumer/workflows/${id}`), null)).status).toBe(404);
    const listed = await allPages('/v2/consumer/workflows', { tags: s.endUserTag.tag, take: '100' }, SERVICE, false, writable.url);
    expect(listed.some((w) => w.id === id)).toBe(false);
    // Operators can still read it on the manager API until its TTL.
    const manager = await call(wapi(`/v1/manager/workflows/${id}`), WorkflowSchema);
    expect(manager.body.deletedAt).toMatch(/Z$/);
  });

  it('reads and writes steps', async () => {
    const id = s.drillDown24.workflowId;
    const auth = userBearer(s.drillDown24.owner);
    const step = await call(wapi(`/v2/consumer/workflows/${id}/steps/$1`), WorkflowStepSchema, { auth });
    expect(step.status).toBe(200);
    expect(step.body.jobs).toHaveLength(8);
    expect((await call(wapi(`/v2/consumer/workflows/${id}/steps/nope`), ProblemDetailsSchema, { auth })).status).toBe(404);
    expect((await call(wapi(`/v2/consumer/workflows/${id}/steps/$1`), null, { method: 'PUT', auth, ...json({ metadata: { reviewed: true } }) })).status).toBe(204);
    const patched = await call(wapi(`/v2/consumer/workflows/${id}/steps/$1`), null, {
      method: 'PATCH',
      auth,
      ...json([{ op: 'add', path: '/metadata/output', value: {} }], 'application/json-patch+json'),
    });
    expect(patched.status).toBe(204);
    const after = await call(wapi(`/v2/consumer/workflows/${id}/steps/$1`), WorkflowStepSchema, { auth });
    expect(after.body.metadata).toEqual({ reviewed: true, output: {} });
  });
});
