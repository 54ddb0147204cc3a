import { Hono } from 'hono';
import { TaintJobRequestSchema } from '../../lib/orchestrator/schemas';
import { canRead } from '../auth';
import { dotnetDate } from '../format';
import { QueryParams } from '../params';
import { authenticate, type EmulatorEnv, type EmulatorState } from '../state';
import { json, jobStatus, problem, readBody, validationProblem } from '../wire';

/** v1 consumer jobs (contract §2.3, §4): job detail with scan context, and taint. */
export function jobRoutes(state: EmulatorState) {
  const app = new Hono<EmulatorEnv>();
  const { store } = state;

  app.get('/:jobId', (c) => {
    const principal = authenticate(c, state);
    if (principal instanceof Response) return principal;
    const params = new QueryParams(new URL(c.req.url));
    const detailed = params.bool('detailed') ?? false;
    if (!params.valid) return validationProblem(c, params.errors);
    const found = store.findJob(c.req.param('jobId'));
    if (!found || store.isGone(found.model.record) || !canRead(principal, found.model.record.owner)) return problem(c, 404, 'Job not found.');
    return json(c, jobStatus(found.model, found.job, detailed));
  });

  app.put('/:jobId', async (c) => {
    const principal = authenticate(c, state);
    if (principal instanceof Response) return principal;
    const jobId = c.req.param('jobId');
    const found = store.findJob(jobId);
    if (!found || !canRead(principal, found.model.record.owner)) return problem(c, 404, 'Job not found.');
    const body = await readBody(c, TaintJobRequestSchema);
    if (body instanceof Response) return body;
    store.taints.push({ jobId, reason: body.data.reason, context: body.data.context ?? null, at: dotnetDate(Date.now()), auth: principal.kind });
    return c.body(null, 200);
  });

  return app;
}
