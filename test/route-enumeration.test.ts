import { describe, expect, it } from 'vitest';
import { discoverRoutes, exportedMethods, isPublic, routeFromDirectory } from './routes';

/**
 * The discovery the route-enumeration e2e spec (e2e/route-enumeration.spec.ts) relies on: if it missed a route,
 * that route would escape the "no session → 401 / sign-in, too-low role → 403" checks.
 */
describe('route discovery', () => {
  it('finds pages and route handlers on disk, route groups removed and dynamic segments filled', () => {
    const routes = discoverRoutes();
    const keys = routes.map((route) => `${route.kind} ${route.methods.join('+')} ${route.pattern}`);
    expect(keys).toContain('page GET /audit');
    expect(keys).toContain('page GET /admin/users');
    expect(keys).toContain('page GET /sign-in');
    expect(keys).toContain('api GET /api/audit/export');
    expect(keys).toContain('api POST /api/auth/sign-out');
    expect(keys).toContain('api GET+POST /api/auth/[...all]');
    expect(routes.every((route) => route.methods.length > 0)).toBe(true);
    expect(routes.some((route) => route.pattern.includes('('))).toBe(false);
  });

  it('maps folders to URLs', () => {
    expect(routeFromDirectory('(console)/workflows/[id]')).toEqual({ pattern: '/workflows/[id]', path: '/workflows/route-check-sample' });
    expect(routeFromDirectory('')).toEqual({ pattern: '/', path: '/' });
    expect(routeFromDirectory('api/media/[blobId]/reveal', 'b1')).toEqual({ pattern: '/api/media/[blobId]/reveal', path: '/api/media/b1/reveal' });
  });

  it('reads every way a route module exports its methods', () => {
    expect(exportedMethods('export const GET = apiRoute({});\nexport async function POST() {}')).toEqual(['GET', 'POST']);
    expect(exportedMethods('export const { GET, POST } = toNextJsHandler(auth);')).toEqual(['GET', 'POST']);
    expect(exportedMethods('const handler = () => null;\nexport { handler as DELETE, handler as PUT };')).toEqual(['PUT', 'DELETE']);
    expect(exportedMethods('export const dynamic = "force-dynamic";\nexport function GET() {}')).toEqual(['GET']);
  });

  it('treats only the home page, sign-in, health and the auth endpoints as public', () => {
    expect(['/', '/sign-in', '/api/health', '/api/auth/[...all]', '/api/auth/sign-out'].every(isPublic)).toBe(true);
    expect(['/workflows', '/audit', '/api/workflows', '/api/authz', '/sign-in-help'].some(isPublic)).toBe(false);
  });
});
