import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { evidenceResponse } from '@/lib/evidence/export';
import { apiRoute } from '@/lib/http/route';
import { WorkflowIdSchema } from '@/lib/orchestrator/ids';

/** One workflow's evidence package as a streamed zip (senior; audited before the first byte). */
export const GET = apiRoute({
  name: 'GET /api/workflows/[id]/evidence',
  role: PERMISSIONS.exportEvidence,
  guard: 'download',
  media: true,
  params: z.object({ id: WorkflowIdSchema }),
  handler: ({ params, user, request, ctx }) => evidenceResponse(user, params.id, request, ctx),
});
