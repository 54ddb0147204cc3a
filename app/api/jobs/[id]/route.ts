import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { JobIdSchema } from '@/lib/orchestrator/ids';
import { readJobEvidence } from '@/lib/review/reads';

/** One job's detail and scan evidence (CSAM scores with bands, VLM summary, blocked reason, prompt flags). */
export const GET = apiRoute({
  name: 'GET /api/jobs/[id]',
  params: z.object({ id: JobIdSchema }),
  handler: ({ params, ctx }) => readJobEvidence(params.id, ctx),
});
