import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { apiRoute } from '@/lib/http/route';
import { scanThresholds } from '@/lib/moderation/config';
import { CivitaiUserIdSchema } from '@/lib/orchestrator/list-query';
import { readUserRisk } from '@/lib/users/risk-from-index';

/** A Civitai user's risk overview from the risk index alone: counts, bands, histogram, riskiest workflows. */
export const GET = apiRoute({
  name: 'GET /api/users/[userId]/risk',
  role: PERMISSIONS.readScores,
  params: z.object({ userId: CivitaiUserIdSchema }),
  handler: ({ params }) => readUserRisk(params.userId, scanThresholds()),
});
