import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/index';
import type { SessionUser } from '@/lib/auth/session-user';
import { appendAudit } from '@/lib/audit/audit';
import { auditEvent } from '@/lib/db/schema';
import { reviewDecisions } from '@/lib/db/schema-review';
import { startConsoleUnderTest, type ConsoleUnderTest } from '@/test/console-under-test';
import type { TestDatabase } from '@/test/databases';
import { POST as bulkDecide } from './decisions/bulk/route';
import { POST as decide } from './decisions/route';
import { POST as addTag } from './workflows/[id]/tags/route';
import { GET as workflowViewedBy } from './workflows/[id]/viewed-by/route';

/**
 * The review write routes refuse what is not there before anything is stored, audited or sent upstream: a workflow
 * the upstream does not have (404), an output that is not the workflow's (400), a review tag typed by hand (400).
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const MODERATOR: SessionUser = { id: 'u-mo', email: 'mo@example.test', name: 'Mo', role: 'moderator', sessionId: 's-mo' };
const MISSING_WORKFLOW = '123-20200101000000000';
const seen = { expectedVersion: 0, workflowVersionSeen: 'succeeded:0123456789abcdef' };

let emulator: RunningEmulator;
let database: TestDatabase;
let started: ConsoleUnderTest;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function post(handler: Handler, path: string, body: unknown, params: Record<string, string> = {}) {
  const request = new Request(`http://console.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: 'console.test' },
    body: JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

async function written() {
  const [decisions, audit] = await Promise.all([database.handle.db.select().from(reviewDecisions), database.handle.db.select().from(auditEvent)]);
  return { decisions: decisions.length, audit: audit.length };
}

const upstreamWrites = () => emulator.control.calls().filter((call) => call.method !== 'GET');

beforeAll(async () => {
  started = await startConsoleUnderTest({ workflows: 40 });
  ({ emulator, database } = started);
});

afterAll(async () => {
  await started?.dispose();
});

beforeEach(() => {
  session.requireRole.mockResolvedValue(MODERATOR);
  emulator.control.clearCalls();
});

describe('POST /api/decisions', () => {
  it('answers 404 for a workflow the upstream does not have, with nothing written, audited or tagged', async () => {
    const before = await written();
    for (const [handler, body] of [
      [decide, { workflowId: MISSING_WORKFLOW, kind: 'ok', ...seen }],
      [bulkDecide, { items: [{ workflowId: MISSING_WORKFLOW, ...seen }], kind: 'ok' }],
    ] as const) {
      const { response, body: problem } = await post(handler as Handler, '/api/decisions', body);
      expect(response.status).toBe(404);
      expect(problem).toMatchObject({ kind: 'not_found' });
    }
    expect(await written()).toEqual(before);
    expect(upstreamWrites()).toEqual([]);
  });

  it('answers 400 naming `blobId` for an output that is not the workflow’s, with nothing written', async () => {
    const before = await written();
    const { workflowId } = emulator.control.scenarios.riskyUser;
    const foreignBlob = emulator.control.scenarios.gallery.blobs[0]!.blobId;
    const { response, body } = await post(decide as Handler, '/api/decisions', { workflowId, blobId: foreignBlob, kind: 'ok', ...seen });
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ kind: 'invalid_input', field: 'blobId' });
    expect(await written()).toEqual(before);
  });

  it('records a decision on an output of the workflow', async () => {
    const { workflowId, blobs } = emulator.control.scenarios.gallery;
    const { response, body } = await post(decide as Handler, '/api/decisions', { workflowId, blobId: blobs[0]!.blobId, kind: 'escalated', ...seen });
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ outcome: 'recorded', decision: { blobId: blobs[0]!.blobId } });
  });
});

describe('POST /api/workflows/[id]/tags', () => {
  it.each([' review:ok', 'review:ok ', 'REVIEW:flagged'])('refuses the review tag %j after trimming, with no upstream write', async (tag) => {
    const { workflowId } = emulator.control.scenarios.drillDown24;
    const { response, body } = await post(addTag as Handler, `/api/workflows/${workflowId}/tags`, { tag }, { id: workflowId });
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ kind: 'invalid_input', field: 'tag' });
    expect(upstreamWrites()).toEqual([]);
  });
});

describe('GET /api/workflows/[id]/viewed-by', () => {
  it('lists who revealed each output of this workflow, newest first, and nothing of other workflows', async () => {
    const { workflowId, blobs } = emulator.control.scenarios.gallery;
    const other = emulator.control.scenarios.riskyUser;
    const [first, second] = [blobs[0]!.blobId, blobs[1]!.blobId];
    const reveal = (targetId: string, inWorkflow: string, reason: string) =>
      appendAudit({ actor: MODERATOR, action: 'reveal', targetType: 'blob', targetId, workflowId: inWorkflow, reason });
    await reveal(first, workflowId, 'report 1 first look');
    await reveal(second, workflowId, 'report 2 second output');
    await reveal(first, workflowId, 'report 3 second look');
    await reveal('someone-elses-blob', other.workflowId, 'report 4 other workflow');

    const response = await workflowViewedBy(new Request(`http://console.test/api/workflows/${workflowId}/viewed-by`), { params: Promise.resolve({ id: workflowId }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { workflowId: string; outputs: { blobId: string; reveals: { actorName: string | null; reason: string }[] }[] };
    expect(session.requireRole).toHaveBeenCalledWith('moderator', expect.any(Request));
    expect(body.workflowId).toBe(workflowId);
    expect(body.outputs.map((output) => [output.blobId, output.reveals.map((row) => row.reason)])).toEqual([
      [first, ['report 3 second look', 'report 1 first look']],
      [second, ['report 2 second output']],
    ]);
  });

  it('refuses an id that is not a workflow id with 400', async () => {
    const response = await workflowViewedBy(new Request('http://console.test/api/workflows/not%20an%20id/viewed-by'), { params: Promise.resolve({ id: 'not an id' }) });
    expect(response.status).toBe(400);
  });
});
