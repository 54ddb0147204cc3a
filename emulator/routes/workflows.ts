import { Hono, type Context } from 'hono';
import { z } from 'zod';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import {
  JsonPatchSchema,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  TERMINAL_STATUSES,
  UpdateWorkflowRequestSchema,
  UpdateWorkflowStepRequestSchema,
  WorkflowTagSchema,
} from '../../lib/orchestrator/schemas';
import { canRead, canWrite } from '../auth';
import { dotnetDate } from '../format';
import { QueryParams } from '../params';
import type { WorkflowRecord } from '../seed/types';
import { authenticate, type EmulatorEnv, type EmulatorState } from '../state';
import { cloneJson, hideMature, json, problem, readBody, validationProblem } from '../wire';
import { listWorkflows } from './listing';

/** v2 consumer workflows (contract §2.1): query, read with `wait`, writes answering 204 with no body. */

type Json = Record<string, unknown>;

/** Requests are capped at 100 s server-side; `wait` blocks inside that budget (contract §1). */
const MAX_WAIT_SECONDS = 100;
const noContent = (c: Context) => c.body(null, 204);

/** Cancels a workflow that has not finished: it, its unfinished steps and their unfinished jobs become `canceled`. */
function cancel(workflow: Json): void {
  if (TERMINAL_STATUSES.has(workflow.status as never)) return;
  const now = dotnetDate(Date.now());
  workflow.status = 'canceled';
  workflow.completedAt = now;
  for (const step of (workflow.steps as Json[] | null) ?? []) {
    if (TERMINAL_STATUSES.has(step.status as never)) continue;
    Object.assign(step, { status: 'canceled', completedAt: now, estimatedProgressRate: null });
    for (const job of (step.jobs as Json[] | null) ?? []) {
      if (!TERMINAL_STATUSES.has(job.status as never)) Object.assign(job, { status: 'canceled', completedAt: now, estimatedProgressRate: null, reason: 'canceled' });
    }
    if (step.output && typeof step.output === 'object' && 'progress' in (step.output as Json)) delete step.output;
  }
}

function tagErrors(tags: readonly string[]): Record<string, string[]> | undefined {
  if (tags.length > MAX_TAGS) return { tags: [`A workflow can have at most ${MAX_TAGS} tags.`] };
  const long = tags.find((tag) => !WorkflowTagSchema.safeParse(tag).success);
  return long === undefined ? undefined : { tags: [`Each tag must be 1 to ${MAX_TAG_LENGTH} characters.`] };
}

export function workflowRoutes(state: EmulatorState) {
  const app = new Hono<EmulatorEnv>();
  const { store } = state;

  /** The workflow a caller may see, or the error to send (unknown, gone and not-owned all read as 404). */
  const visible = (c: Context, write: boolean): WorkflowRecord | Response => {
    const principal = authenticate(c, state);
    if (principal instanceof Response) return principal;
    const record = store.find(c.req.param('workflowId') ?? '');
    if (!record || store.isGone(record) || !(write ? canWrite(principal, record.owner) : canRead(principal, record.owner))) {
      return problem(c, 404, 'Workflow not found.');
    }
    return record;
  };

  app.get('/', (c) => {
    const principal = authenticate(c, state);
    if (principal instanceof Response) return principal;
    const page = listWorkflows(c, state, principal.owner, { ascending: 'ascending', defaultTake: 20, maxTake: 100 });
    if (page instanceof Response) return page;
    const hide = page.params.bool('hideMatureContent') ?? false;
    const items = page.items.map((record) => {
      const workflow = store.model(record).workflow;
      return hide ? hideMature(workflow) : workflow;
    });
    return json(c, { next: page.next, items });
  });

  app.get('/:workflowId', async (c) => {
    const record = visible(c, false);
    if (record instanceof Response) return record;
    const params = new QueryParams(new URL(c.req.url));
    const wait = params.int('wait');
    const hide = params.bool('hideMatureContent') ?? false;
    if (!params.valid) return validationProblem(c, params.errors);
    const deadline = Date.now() + Math.min(Math.max(wait ?? 0, 0), MAX_WAIT_SECONDS) * 1000;
    while (!TERMINAL_STATUSES.has(record.status) && Date.now() < deadline && !c.req.raw.signal.aborted) {
      await store.waitForWrite(record, deadline - Date.now(), c.req.raw.signal);
    }
    const workflow = store.model(record).workflow;
    // 202: `wait` ran out before a terminal status. Without `wait` a read is always 200 (contract §9.13).
    const status = wait && wait > 0 && !TERMINAL_STATUSES.has(record.status) ? 202 : 200;
    return json(c, hide ? hideMature(workflow) : workflow, status);
  });

  app.put('/:workflowId', async (c) => {
    const record = visible(c, true);
    if (record instanceof Response) return record;
    const body = await readBody(c, UpdateWorkflowRequestSchema);
    if (body instanceof Response) return body;
    const update = body.data;
    store.write(record, (workflow) => {
      if (update.metadata) workflow.metadata = update.metadata;
      if (update.tags) workflow.tags = [...new Set(update.tags)];
      if (update.allowMatureContent !== undefined && update.allowMatureContent !== null) workflow.allowMatureContent = update.allowMatureContent;
      if (update.status === 'canceled') cancel(workflow);
    });
    return noContent(c);
  });

  app.patch('/:workflowId', async (c) => {
    const record = visible(c, true);
    if (record instanceof Response) return record;
    const patch = await readBody(c, JsonPatchSchema);
    if (patch instanceof Response) return patch;
    const current = store.model(record).workflow;
    // PATCH "can cancel a workflow, update metadata and add tags" (SDK): only those members are patchable.
    const document: Json = cloneJson({
      status: current.status,
      metadata: current.metadata ?? {},
      tags: current.tags ?? [],
      allowMatureContent: current.allowMatureContent ?? null,
    });
    const outside = patch.data.find((op) => !/^\/(status|metadata|tags|allowMatureContent)(\/|$)/.test(op.path));
    if (outside) return validationProblem(c, { [outside.path]: ['This member cannot be patched.'] });
    try {
      fastJsonPatch.applyPatch(document, patch.data as Operation[], true, true, true);
    } catch (error) {
      return problem(c, 400, `The JSON patch could not be applied: ${(error as Error).name}.`);
    }
    const tags = Array.isArray(document.tags) && document.tags.every((tag) => typeof tag === 'string') ? (document.tags as string[]) : undefined;
    const errors = tags ? tagErrors(tags) : { tags: ['Tags must be an array of strings.'] };
    if (errors) return validationProblem(c, errors);
    if (document.status !== current.status && document.status !== 'canceled') return validationProblem(c, { status: ['Only canceled can be set.'] });
    if (!document.metadata || typeof document.metadata !== 'object' || Array.isArray(document.metadata)) return validationProblem(c, { metadata: ['Metadata must be an object.'] });
    store.write(record, (workflow) => {
      workflow.metadata = document.metadata;
      workflow.tags = tags;
      if (typeof document.allowMatureContent === 'boolean') workflow.allowMatureContent = document.allowMatureContent;
      if (document.status === 'canceled') cancel(workflow);
    });
    return noContent(c);
  });

  app.delete('/:workflowId', (c) => {
    const record = visible(c, true);
    if (record instanceof Response) return record;
    store.write(record, (workflow) => {
      cancel(workflow);
      workflow.deletedAt = dotnetDate(Date.now());
    });
    return noContent(c);
  });

  app.delete('/:workflowId/tags', (c) => {
    const record = visible(c, true);
    if (record instanceof Response) return record;
    store.write(record, (workflow) => {
      workflow.tags = [];
    });
    return noContent(c);
  });

  app.post('/:workflowId/tags', async (c) => {
    const record = visible(c, true);
    if (record instanceof Response) return record;
    // The body is a JSON string literal, e.g. "favorite" (SDK addWorkflowTag).
    const body = await readBody(c, z.string());
    if (body instanceof Response) return body;
    const tag = body.data;
    const tags = record.tags.includes(tag) ? record.tags : [...record.tags, tag];
    const errors = tagErrors(tags);
    if (errors) return validationProblem(c, errors);
    store.write(record, (workflow) => {
      workflow.tags = tags;
    });
    return noContent(c);
  });

  app.delete('/:workflowId/tags/:tag', (c) => {
    const record = visible(c, true);
    if (record instanceof Response) return record;
    const tag = c.req.param('tag');
    if (!WorkflowTagSchema.safeParse(tag).success) return validationProblem(c, { tag: ['The tag is not valid.'] });
    store.write(record, (workflow) => {
      workflow.tags = record.tags.filter((existing) => existing !== tag);
    });
    return noContent(c);
  });

  const findStep = (workflow: Json, name: string) => ((workflow.steps as Json[] | null) ?? []).find((step) => step.name === name);

  app.get('/:workflowId/steps/:stepName', (c) => {
    const record = visible(c, false);
    if (record instanceof Response) return record;
    const step = findStep(store.model(record).workflow, c.req.param('stepName'));
    return step ? json(c, step) : problem(c, 404, 'Step not found.');
  });

  app.put('/:workflowId/steps/:stepName', async (c) => {
    const record = visible(c, true);
    if (record instanceof Response) return record;
    const name = c.req.param('stepName');
    if (!findStep(store.model(record).workflow, name)) return problem(c, 404, 'Step not found.');
    const body = await readBody(c, UpdateWorkflowStepRequestSchema);
    if (body instanceof Response) return body;
    store.write(record, (workflow) => {
      const step = findStep(workflow, name) as Json;
      step.metadata = body.data.metadata ?? {};
    });
    return noContent(c);
  });

  app.patch('/:workflowId/steps/:stepName', async (c) => {
    const record = visible(c, true);
    if (record instanceof Response) return record;
    const name = c.req.param('stepName');
    const current = findStep(store.model(record).workflow, name);
    if (!current) return problem(c, 404, 'Step not found.');
    const patch = await readBody(c, JsonPatchSchema);
    if (patch instanceof Response) return patch;
    const outside = patch.data.find((op) => !/^\/metadata(\/|$)/.test(op.path));
    if (outside) return validationProblem(c, { [outside.path]: ['Only step metadata can be patched.'] });
    const document: Json = { metadata: cloneJson(current.metadata ?? {}) };
    try {
      // An `add` whose parent is missing is refused, as ASP.NET's JSON patch does (civitai adds `/metadata/output` first).
      fastJsonPatch.applyPatch(document, patch.data as Operation[], true, true, true);
    } catch (error) {
      return problem(c, 400, `The JSON patch could not be applied: ${(error as Error).name}.`);
    }
    store.write(record, (workflow) => {
      (findStep(workflow, name) as Json).metadata = document.metadata;
    });
    return noContent(c);
  });

  return app;
}
