import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { PERMISSIONS, ROLES, type Role } from '../lib/auth/roles';
import { discoverRoutes, isPublic, type DiscoveredRoute } from '../test/routes';
import { E2E_CREDENTIALS, expect, test } from './fixtures';

/**
 * Every page and API route found in app/ (test/routes.ts walks the folder, so new routes are covered without being
 * listed) is requested against the real production server: without a session an API answers 401 and a page
 * redirects to sign-in; then each role is tried from the lowest, and a role below what the route needs gets 403.
 */

/** What the issue and lib/auth/roles.ts say some routes need; every other route must at least refuse strangers. */
const EXPECTED_MINIMUM: Record<string, Role> = {
  'GET /audit': PERMISSIONS.readAuditLog,
  'GET /admin/users': PERMISSIONS.manageUsers,
  'GET /api/audit/export': PERMISSIONS.readAuditLog,
  'POST /api/decisions': PERMISSIONS.recordDecision,
  'POST /api/decisions/bulk': PERMISSIONS.recordDecision,
  'POST /api/decisions/undo': PERMISSIONS.recordDecision,
  'POST /api/workflows/[id]/tags': PERMISSIONS.tagWorkflow,
  'DELETE /api/workflows/[id]/tags': PERMISSIONS.tagWorkflow,
  'POST /api/workflows/[id]/cancel': PERMISSIONS.cancelWorkflow,
  'POST /api/jobs/[id]/taint': PERMISSIONS.taintJob,
  'GET /api/workflows/[id]/evidence': PERMISSIONS.exportEvidence,
  'GET /api/watched-users': PERMISSIONS.manageUsers,
  'DELETE /api/watched-users/[userId]': PERMISSIONS.watchUsers,
  'PUT /api/watched-users/[userId]': PERMISSIONS.watchUsers,
  'GET /api/overview': PERMISSIONS.readScores,
  'GET /api/live': PERMISSIONS.readWorkflows,
  'POST /api/queue/claim': PERMISSIONS.recordDecision,
  'DELETE /api/queue/claim': PERMISSIONS.recordDecision,
  'GET /api/stats': PERMISSIONS.readTeamStats,
  'GET /team': PERMISSIONS.readTeamStats,
  'POST /api/exposure/approvals': PERMISSIONS.approveExposure,
};

const routes = discoverRoutes().filter((route) => !isPublic(route.pattern));
const probes = routes.flatMap((route) => route.methods.filter((method) => method !== 'HEAD' && method !== 'OPTIONS').map((method) => ({ route, method })));

/** The body type the console's own page sends where it is not JSON (the request guard checks it before the session). */
const BODY_TYPES: Record<string, string> = { 'POST /api/hash-lists': 'text/csv' };

function send(context: APIRequestContext, route: DiscoveredRoute, method: string, origin: string) {
  const mutating = method !== 'GET';
  const type = BODY_TYPES[`${method} ${route.pattern}`] ?? 'application/json';
  return context.fetch(route.path, {
    method,
    maxRedirects: 0,
    // A state-changing request as the console's own page sends it; the body is deliberately empty (the role
    // check must come before validation, and an empty body must never change anything).
    headers: mutating ? { Origin: origin, 'Content-Type': type } : {},
    data: mutating ? (type === 'application/json' ? {} : '') : undefined,
  });
}

test.describe('route enumeration', () => {
  test.describe.configure({ mode: 'serial' });

  const sessions = new Map<Role, APIRequestContext>();
  let origin = '';

  test.beforeAll(async () => {
    origin = new URL(test.info().project.use.baseURL!).origin;
    for (const role of ROLES) {
      const context = await playwrightRequest.newContext({ baseURL: origin });
      const { email, password } = E2E_CREDENTIALS[role];
      const response = await context.post('/api/auth/sign-in/email', { data: { email, password }, headers: { Origin: origin } });
      expect(response.status(), `sign-in as ${role}`).toBe(200);
      sessions.set(role, context);
    }
  });

  test.afterAll(async () => {
    await Promise.all([...sessions.values()].map((context) => context.dispose()));
  });

  test('found the routes to check', () => {
    expect(probes.length).toBeGreaterThan(10);
    for (const key of Object.keys(EXPECTED_MINIMUM)) {
      expect(probes.map(({ route, method }) => `${method} ${route.pattern}`), `${key} exists`).toContain(key);
    }
  });

  test('without a session: every API route answers 401 and every page redirects to sign-in', async ({ request }) => {
    const failures: string[] = [];
    for (const { route, method } of probes) {
      const response = await send(request, route, method, origin);
      const status = response.status();
      if (route.kind === 'api') {
        if (status !== 401) failures.push(`${method} ${route.path}: ${status}, expected 401`);
        continue;
      }
      const location = response.headers()['location'] ?? '';
      const expected = `/sign-in?next=${encodeURIComponent(route.path)}`;
      if (![303, 307, 308].includes(status) || !location.endsWith(expected)) failures.push(`${route.path}: ${status} → "${location}", expected a redirect to ${expected}`);
    }
    expect(failures).toEqual([]);
  });

  test('with a session: roles below what a route needs get 403, the rest get past the guard', async () => {
    const failures: string[] = [];
    const observed: string[] = [];
    for (const { route, method } of probes) {
      const key = `${method} ${route.pattern}`;
      // From the lowest role up; stop at the first one let through, so a mutating route is passed once at most.
      let minimum: Role | null = null;
      for (const role of ROLES) {
        const status = (await send(sessions.get(role)!, route, method, origin)).status();
        // 401 means the session was not recognised; 500 a crash. 502-504 are the upstream's, not the guard's.
        if (status === 401 || status === 500) failures.push(`${key} as ${role}: ${status}`);
        if (status !== 403) {
          minimum = role;
          break;
        }
      }
      observed.push(`${key.padEnd(44)} ${minimum ?? 'nobody'}`);
      const expected = EXPECTED_MINIMUM[key];
      if (minimum === null) failures.push(`${key}: refused even to admin`);
      else if (expected && minimum !== expected) failures.push(`${key}: first allowed role is ${minimum}, expected ${expected}`);
    }
    console.info(`smallest role let through, per route:\n${observed.join('\n')}`);
    expect(failures).toEqual([]);
  });
});
