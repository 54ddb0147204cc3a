import { Hono, type Context } from 'hono';
import { ModerationGateRequestSchema, NO_PENDING_GATE, toModerationStatus } from '../../lib/orchestrator/schemas';
import type { Principal } from '../auth';
import { dotnetDate } from '../format';
import { QueryParams } from '../params';
import { signedBlobUrl } from '../seed/materialise';
import { authenticate, type EmulatorEnv, type EmulatorState } from '../state';
import { StrikesReviewRequestSchema } from '../../lib/orchestrator/schemas';
import { json, problem, readBody, toV1Workflow, validationProblem } from '../wire';
import { listWorkflows } from './listing';

/** v1 manager (contract §2.4): the service token only; PascalCase enums. */

type Json = Record<string, unknown>;

/** The output of the first step (nested ones included) whose moderation gate is under review, in a workflow document. */
function pendingGateOutput(steps: unknown): Json | undefined {
  if (!Array.isArray(steps)) return undefined;
  for (const step of steps as Json[]) {
    const output = step.output as Json | null | undefined;
    if (output && toModerationStatus(output.moderationStatus) === 'underReview') return output;
    const nested = pendingGateOutput(output?.steps);
    if (nested) return nested;
  }
  return undefined;
}

/** A strike is a job with a blob at or above this CSAM score, or blocked for a child-related reason. */
const STRIKE_SCORE = 50;

export function managerRoutes(state: EmulatorState) {
  const app = new Hono<EmulatorEnv>();
  const { store } = state;

  const manager = (c: Context): Principal | Response => {
    const principal = authenticate(c, state);
    if (principal instanceof Response) return principal;
    return principal.kind === 'service' ? principal : problem(c, 403, 'The Manager role is required.');
  };

  app.get('/workflows', (c) => {
    const principal = manager(c);
    if (principal instanceof Response) return principal;
    const userId = new QueryParams(new URL(c.req.url)).string('UserId');
    if (userId === undefined || !/^\d{1,10}$/.test(userId)) return validationProblem(c, { UserId: [userId === undefined ? 'The UserId field is required.' : `The value '${userId}' is not valid.`] });
    const page = listWorkflows(c, state, Number(userId), { ascending: 'inverse', defaultTake: 20, maxTake: state.managerTakeCap });
    if (page instanceof Response) return page;
    const items = page.items.map((record) => toV1Workflow(store.model(record).workflow));
    return json(c, state.managerList === 'bare' ? items : { items, next: page.next });
  });

  app.get('/workflows/:workflowId', (c) => {
    const principal = manager(c);
    if (principal instanceof Response) return principal;
    const record = store.find(c.req.param('workflowId'));
    // A soft-deleted workflow stays readable here until its TTL, for operators (SDK Workflow.deletedAt).
    if (!record) return problem(c, 404, 'Workflow not found.');
    return json(c, toV1Workflow(store.model(record).workflow));
  });

  // The body is bound before the workflow is looked up, as ASP.NET does: a bad body is a 400 whatever the id.
  app.post('/workflows/:workflowId/moderation-gate', async (c) => {
    const principal = manager(c);
    if (principal instanceof Response) return principal;
    const body = await readBody(c, ModerationGateRequestSchema);
    if (body instanceof Response) return body;
    const record = store.find(c.req.param('workflowId'));
    if (!record) return problem(c, 404, 'Workflow not found.');
    if (!pendingGateOutput(store.model(record).workflow.steps)) return c.text(NO_PENDING_GATE, 404);
    store.write(record, (workflow) => {
      const output = pendingGateOutput(workflow.steps)!;
      output.moderationStatus = body.data.approved ? 'approved' : 'rejected';
      if (body.data.message) output.moderationMessage = body.data.message;
    });
    return c.body(null, 204);
  });

  app.get('/consumers/flagged/:consumerId/strikes', (c) => {
    const principal = manager(c);
    if (principal instanceof Response) return principal;
    const match = /^civitai-(\d{1,10})$/.exec(c.req.param('consumerId'));
    if (!match) return problem(c, 404, 'Consumer not found.');
    const strikes = [];
    for (const record of store.recordsOf(Number(match[1]))) {
      const model = store.model(record);
      for (const job of model.jobs.values()) {
        const top = Math.max(0, ...job.blobs.map((blob) => blob.csamScore));
        const childBlock = job.blockedReason?.startsWith('Child') ?? false;
        if (top < STRIKE_SCORE && !childBlock) continue;
        strikes.push({
          strike: { jobId: job.id, reason: childBlock ? job.blockedReason : 'csam', dateTime: dotnetDate(job.createdMs + job.claimMs + job.durationMs) },
          job: {
            id: job.id,
            type: job.jobType,
            prompt: job.prompt,
            negativePrompt: job.negativePrompt,
            resources: [job.model],
            blobs: job.blobs.map((blob) => ({ id: blob.id, previewUrl: signedBlobUrl(store.context, blob.id) })),
          },
        });
      }
    }
    return json(c, strikes.length ? [{ status: store.strikeReviews.has(Number(match[1])) ? 'Reviewed' : 'Pending', strikes }] : []);
  });

  app.post('/consumers/flagged/:consumerId/strikes/review', async (c) => {
    const principal = manager(c);
    if (principal instanceof Response) return principal;
    const match = /^civitai-(\d{1,10})$/.exec(c.req.param('consumerId'));
    if (!match) return problem(c, 404, 'Consumer not found.');
    const body = await readBody(c, StrikesReviewRequestSchema);
    if (body instanceof Response) return body;
    store.strikeReviews.set(Number(match[1]), { ...body.data, at: dotnetDate(Date.now()) });
    return c.body(null, 204);
  });

  return app;
}
