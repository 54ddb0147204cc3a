import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/roles';
import { apiRoute } from '@/lib/http/route';
import { scanThresholds } from '@/lib/moderation/config';
import { OVERVIEW_WINDOWS } from '@/lib/risk-index/overview-window';
import { readTeamStats } from '@/lib/team/stats';

/** The leads' figures over the last 24 h, 7 d or 30 d (senior and admin): `window` must be one of those (else 400). */
export const GET = apiRoute({
  name: 'GET /api/stats',
  role: PERMISSIONS.readTeamStats,
  query: z.object({ window: z.enum(OVERVIEW_WINDOWS).default('24h') }).strict(),
  handler: ({ query, user }) => readTeamStats(user, query.window, scanThresholds()),
});
