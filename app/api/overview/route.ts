import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { apiRoute } from '@/lib/http/route';
import { scanThresholds } from '@/lib/moderation/config';
import { readRiskOverview } from '@/lib/risk-index/overview';
import { OVERVIEW_WINDOWS } from '@/lib/risk-index/overview-window';

/** The risk overview (band counts, riskiest users) over the last 24 h, 7 d or 30 d, from the risk index alone. */
export const GET = apiRoute({
  name: 'GET /api/overview',
  role: PERMISSIONS.readScores,
  query: z.object({ window: z.enum(OVERVIEW_WINDOWS).default('24h') }),
  handler: ({ query }) => readRiskOverview(query.window, scanThresholds()),
});
