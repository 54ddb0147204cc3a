import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/index';
import { DEMO_SERVICE_TOKEN } from '@/emulator/tokens';
import { setReviewTag } from '@/lib/review/review-tag-write';
import { addTag, cancelWorkflow, createUpstreamWriter, removeTag, taintJob, type Upstream } from './writes';
import { createOrchestratorClient, upstreamPath } from './client';
import { OrchestratorError } from './errors';
import { WorkflowPageSchema, WorkflowSchema } from './schemas';

let emulator: RunningEmulator;
let upstream: Upstream;

const silent = () => {};

function connect(options: { breakerOpen?: () => boolean } = {}): Upstream {
  const reader = createOrchestratorClient({ baseUrl: emulator.url, token: DEMO_SERVICE_TOKEN, backoffBaseMs: 1, backoffCapMs: 2, log: silent });
  const writer = createUpstreamWriter({ baseUrl: emulator.url, token: DEMO_SERVICE_TOKEN, timeoutMs: 5_000, log: silent, ...options });
  return { reader, writer };
}

async function tagsOf(workflowId: string): Promise<string[]> {
  const reader = createOrchestratorClient({ baseUrl: emulator.url, token: DEMO_SERVICE_TOKEN, log: silent });
  const workflow = await reader.getJson({ path: upstreamPath`/v2/consumer/workflows/${workflowId}`, schema: WorkflowSchema, what: 'workflow' });
  return workflow.tags ?? [];
}

const writes = (method: string, path: RegExp) => emulator.control.calls({ method, path });

/** Workflows the service token may change: the integrator's own (the consumer API writes only to its owner's). */
let writable: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: 42, workflows: 200 });
  const reader = createOrchestratorClient({ baseUrl: emulator.url, token: DEMO_SERVICE_TOKEN, log: silent });
  const page = await reader.getJson({ path: '/v2/consumer/workflows', query: { take: 10 }, schema: WorkflowPageSchema, what: 'workflow list' });
  writable = page.items.flatMap((workflow) => (workflow.id && workflow.status !== 'processing' ? [workflow.id] : []));
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.control.clearFaults();
  emulator.control.clearCalls();
  upstream = connect();
});

describe('setReviewTag', () => {
  it('adds the review tag, then replaces it, then clears it, reading the current tags each time', async () => {
    const workflowId = writable[0]!;
    expect(await setReviewTag(upstream, workflowId, 'flagged')).toEqual({ removed: [], added: 'review:flagged' });
    expect(await tagsOf(workflowId)).toContain('review:flagged');

    expect(await setReviewTag(upstream, workflowId, 'escalated')).toEqual({ removed: ['review:flagged'], added: 'review:escalated' });
    const tags = await tagsOf(workflowId);
    expect(tags.filter((tag) => tag.startsWith('review:'))).toEqual(['review:escalated']);

    expect(await setReviewTag(upstream, workflowId, null)).toEqual({ removed: ['review:escalated'], added: null });
    expect((await tagsOf(workflowId)).some((tag) => tag.startsWith('review:'))).toBe(false);

    // One fresh read per call, and exactly the writes the plan needed.
    expect(writes('POST', /\/tags$/)).toHaveLength(2);
    expect(writes('DELETE', /\/tags\//)).toHaveLength(2);
  });

  it('does not retry a failed write: one 503 is one call and a typed error; the next attempt finishes the job', async () => {
    const workflowId = writable[1]!;
    emulator.control.setFaults([{ method: 'POST', path: '/tags$', kind: 'status', status: 503, times: 1 }]);
    const failure = await setReviewTag(upstream, workflowId, 'ok').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OrchestratorError);
    expect(failure).toMatchObject({ kind: 'upstream_unavailable', upstreamStatus: 503 });
    expect((failure as Error).message).not.toContain(DEMO_SERVICE_TOKEN);
    expect(writes('POST', /\/tags$/)).toHaveLength(1);
    expect(await tagsOf(workflowId)).not.toContain('review:ok');

    expect(await setReviewTag(upstream, workflowId, 'ok')).toEqual({ removed: [], added: 'review:ok' });
    expect(await tagsOf(workflowId)).toContain('review:ok');
    expect(writes('POST', /\/tags$/)).toHaveLength(2);
  });

  it('fails fast without calling upstream while the read breaker is open', async () => {
    const closed = connect({ breakerOpen: () => true });
    await expect(setReviewTag({ ...closed, reader: upstream.reader }, emulator.control.scenarios.gallery.workflowId, 'ok')).rejects.toMatchObject({
      kind: 'upstream_unavailable',
    });
    expect(writes('POST', /\/tags$/)).toHaveLength(0);
  });
});

describe('addTag and removeTag', () => {
  it('adds and removes a tag upstream', async () => {
    const workflowId = writable[2]!;
    expect(await addTag(upstream, workflowId, 'needs-legal')).toContain('needs-legal');
    expect(await tagsOf(workflowId)).toContain('needs-legal');
    expect(await removeTag(upstream, workflowId, 'needs-legal')).not.toContain('needs-legal');
    expect(await tagsOf(workflowId)).not.toContain('needs-legal');
  });

  it('refuses an eleventh tag and an over-long tag before any write', async () => {
    const workflowId = writable[3]!;
    const room = 10 - (await tagsOf(workflowId)).length;
    for (let index = 0; index < room; index++) await addTag(upstream, workflowId, `filler-${index}`);
    emulator.control.clearCalls();
    await expect(addTag(upstream, workflowId, 'one-too-many')).rejects.toMatchObject({ kind: 'invalid_input', field: 'tag' });
    await expect(addTag(upstream, workflowId, 'x'.repeat(201))).rejects.toMatchObject({ kind: 'invalid_input' });
    // With no room left, the review tag cannot be added either: the plan refuses before writing.
    await expect(setReviewTag(upstream, workflowId, 'ok')).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(writes('POST', /\/tags$/)).toHaveLength(0);
  });
});

describe('cancelWorkflow', () => {
  it('cancels a running workflow with PUT {status: canceled}', async () => {
    const { workflowId } = emulator.control.scenarios.processing;
    await cancelWorkflow(upstream, workflowId);
    const reader = createOrchestratorClient({ baseUrl: emulator.url, token: DEMO_SERVICE_TOKEN, log: silent });
    const after = await reader.getJson({ path: upstreamPath`/v2/consumer/workflows/${workflowId}`, schema: WorkflowSchema, what: 'workflow' });
    expect(after.status).toBe('canceled');
    expect(writes('PUT', new RegExp(`/v2/consumer/workflows/${workflowId}$`))).toHaveLength(1);
  });

  it('refuses a finished workflow without writing', async () => {
    await expect(cancelWorkflow(upstream, emulator.control.scenarios.gallery.workflowId)).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(writes('PUT', /\/v2\/consumer\/workflows\//)).toHaveLength(0);
  });
});

describe('taintJob', () => {
  it('sends the reason and context to PUT /v1/consumer/jobs/{id}', async () => {
    const { aboveJobId } = emulator.control.scenarios.riskyUser;
    await taintJob(upstream, aboveJobId, { reason: 'confirmed by legal', context: { source: 'test' } });
    expect(emulator.control.taints()).toContainEqual(expect.objectContaining({ jobId: aboveJobId, reason: 'confirmed by legal', context: { source: 'test' } }));
  });

  it('reports a workflow the token may not change as refused, not as an outage', async () => {
    // The gallery belongs to a Civitai user, not to the integrator whose token the console holds.
    await expect(addTag(upstream, emulator.control.scenarios.gallery.workflowId, 'x')).rejects.toMatchObject({ kind: 'not_found', upstreamStatus: 404 });
  });

  it('reports an unknown job as not found', async () => {
    await expect(taintJob(upstream, '00000000-0000-4000-8000-000000000000', { reason: 'x' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
