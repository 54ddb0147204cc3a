import { request as httpRequest } from 'node:http';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { Role } from '../lib/auth/roles';
import { E2E_CREDENTIALS, expect, signIn, test } from './fixtures';
import { auditRows, scenarios, type AuditRow } from './review-support';
import { serverActions } from './server-actions';

/**
 * The security regression suite (issue 14, TEST-PLAN F-07/F-08/F-09): API requests only, against the production
 * build behind its production entry point (scripts/console-server.ts). Redirects that cannot leave the console,
 * client addresses nobody can forge, one request guard for every write, and an audit log without gaps.
 */

const base = () => test.info().project.use.baseURL!;
const origin = () => new URL(base()).origin;

/** A bare API context signed in as `role`: no browser, so no Origin or fetch metadata unless a test sends them. */
async function apiAs(playwright: { request: { newContext: (options: { baseURL: string }) => Promise<APIRequestContext> } }, role: Role) {
  const request = await playwright.request.newContext({ baseURL: base() });
  await signIn({ request }, role);
  return request;
}

/**
 * A sign-in sent from another loopback address (the socket peer the console sees), with whatever headers a
 * client likes to add: the way to be "somebody else" against a console on 127.0.0.1.
 */
function signInFrom(localAddress: string, email: string, password: string, headers: Record<string, string> = {}): Promise<number> {
  const body = JSON.stringify({ email, password });
  const url = new URL('/api/auth/sign-in/email', base());
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: origin(), ...headers } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

async function expectRefused(response: APIResponse, status: number, what: string) {
  expect(response.status(), what).toBe(status);
  expect(response.headers()['content-type'], what).toContain('application/problem+json');
}

const denied = (admin: APIRequestContext, actor: string) => auditRows({ request: admin }, { action: 'access_denied', actor });

test('after sign-in, next= only ever leads to a path on the console', async ({ playwright }) => {
  const moderator = await apiAs(playwright, 'moderator');
  const offSite = [
    '/.//evil.test',
    '/..//evil.test',
    '/a/..//evil.test',
    '/%2e//evil.test',
    '/%2E%2E//evil.test',
    '/\\evil.test',
    '/.\\/evil.test',
    '/\t/evil.test',
    '/\n//evil.test',
    '//evil.test',
    'https://evil.test/',
    `${origin()}.evil.test/`,
    'javascript:alert(1)',
  ];
  for (const next of offSite) {
    const response = await moderator.get(`/sign-in?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
    expect(response.status(), next).toBe(307);
    const location = response.headers()['location']!;
    expect(location.startsWith('//') || location.startsWith('/\\'), `${next} → ${location}`).toBe(false);
    const target = new URL(location, base());
    expect(target.origin, `${next} → ${location}`).toBe(origin());
    expect(target.pathname, `${next} → ${location}`).toBe('/workflows');
  }
  const onSite = await moderator.get(`/sign-in?next=${encodeURIComponent('/a/../audit?action=reveal')}`, { maxRedirects: 0 });
  expect(new URL(onSite.headers()['location']!, base()).pathname).toBe('/audit');
  await moderator.dispose();
});

test('the audit log records the socket address, never a client-sent X-Forwarded-For, and a request id', async ({ playwright }) => {
  const senior = await playwright.request.newContext({ baseURL: base() });
  const { email, password } = E2E_CREDENTIALS.senior;
  const response = await senior.post('/api/auth/sign-in/email', { data: { email, password }, headers: { Origin: origin(), 'X-Forwarded-For': '6.6.6.6', 'X-Request-Id': 'forged-id' } });
  expect(response.status()).toBe(200);
  const admin = await apiAs(playwright, 'admin');
  const [newest] = await auditRows({ request: admin }, { action: 'sign_in', actor: email });
  expect(newest).toMatchObject({ ip: '127.0.0.1' });
  expect(newest!.request_id).toMatch(/^[0-9a-f-]{36}$/);
  await Promise.all([senior.dispose(), admin.dispose()]);
});

test('wrong passwords from another address back off that address only: the owner still signs in', async ({ playwright }) => {
  const { email, password } = E2E_CREDENTIALS.viewer;
  const statuses: number[] = [];
  // A stranger on 127.0.0.2 rotating X-Forwarded-For, as if it were many addresses.
  for (let attempt = 0; attempt < 7; attempt++) {
    statuses.push(await signInFrom('127.0.0.2', email, 'wrong wrong wrong', { 'x-forwarded-for': `10.9.9.${attempt}` }));
  }
  expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
  expect(statuses.at(-1)).toBe(429);
  // The stranger's address waits even with the right password; the owner on 127.0.0.1 signs in at once.
  expect(await signInFrom('127.0.0.2', email, password, { 'x-forwarded-for': '10.9.9.99' })).toBe(429);
  const owner = await apiAs(playwright, 'viewer');

  const admin = await apiAs(playwright, 'admin');
  const failures = await auditRows({ request: admin }, { action: 'sign_in_failed', targetId: email });
  expect(failures.length).toBeGreaterThanOrEqual(8);
  expect(new Set(failures.slice(0, 8).map((row) => row.ip))).toEqual(new Set(['127.0.0.2']));
  await Promise.all([owner.dispose(), admin.dispose()]);
});

test('one request guard: foreign, opaque or malformed origins, cross-site fetches, wrong types and large bodies are refused and audited once', async ({ playwright }) => {
  const { gallery } = await scenarios();
  const blob = gallery.byRole['level:xxx']!;
  const reveal = `/api/media/${blob.blobId}/reveal?workflowId=${gallery.workflowId}`;
  const moderator = await apiAs(playwright, 'moderator');
  const admin = await apiAs(playwright, 'admin');
  const before = (await denied(admin, E2E_CREDENTIALS.moderator.email)).length;

  const writes: [string, string, unknown][] = [
    ['POST', reveal, { reason: 'checking the gate' }],
    ['PUT', '/api/media/preferences', {}],
    ['POST', '/api/decisions', { workflowId: gallery.workflowId, kind: 'ok', expectedVersion: 0, workflowVersionSeen: 'x' }],
    ['POST', '/api/auth/revoke-other-sessions', {}],
  ];
  let refusals = 0;
  for (const [method, path, data] of writes) {
    const foreign: Record<string, string>[] = [
      { Origin: 'http://evil.test' },
      { Origin: 'null' },
      { Origin: 'not a url' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'null', 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of foreign) {
      await expectRefused(await moderator.fetch(path, { method, data, headers }), 403, `${method} ${path} ${JSON.stringify(headers)}`);
      refusals++;
    }
    const asText = await moderator.fetch(path, { method, data: JSON.stringify(data), headers: { Origin: origin(), 'Content-Type': 'text/plain' } });
    await expectRefused(asText, 415, `${method} ${path} as text/plain`);
    const large = await moderator.fetch(path, { method, data: { note: 'x'.repeat(70_000) }, headers: { Origin: origin() } });
    await expectRefused(large, 413, `${method} ${path} 70 KB`);
    refusals += 2;
  }
  // A browser's own form-style request (Origin null, same-origin fetch metadata) passes the guard.
  const sameOrigin = await moderator.put('/api/media/preferences', { data: {}, headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' } });
  expect(sameOrigin.status()).toBe(200);

  const rows = (await denied(admin, E2E_CREDENTIALS.moderator.email)).slice(0, refusals);
  expect((await denied(admin, E2E_CREDENTIALS.moderator.email)).length - before).toBe(refusals);
  for (const row of rows) {
    expect(row.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.ip).toBe('127.0.0.1');
  }
  expect(new Set(rows.map((row) => JSON.parse(row.detail_json).refused))).toEqual(new Set(['cross_site', 'unsupported_type', 'too_large']));
  // Still signed in: the refused revoke-other-sessions never reached better-auth.
  expect((await moderator.get('/api/status')).status()).not.toBe(401);
  await Promise.all([moderator.dispose(), admin.dispose()]);
});

test('sensitive exports refuse cross-site fetches: audit CSV and evidence package', async ({ playwright }) => {
  const { gallery } = await scenarios();
  const admin = await apiAs(playwright, 'admin');
  const senior = await apiAs(playwright, 'senior');
  for (const site of ['cross-site', 'same-site']) {
    await expectRefused(await admin.get('/api/audit/export', { headers: { 'Sec-Fetch-Site': site } }), 403, `audit export, ${site}`);
    await expectRefused(await senior.get(`/api/workflows/${gallery.workflowId}/evidence`, { headers: { 'Sec-Fetch-Site': site } }), 403, `evidence, ${site}`);
  }
  for (const site of ['same-origin', 'none']) {
    const response = await admin.get('/api/audit/export?action=sign_in', { headers: { 'Sec-Fetch-Site': site } });
    expect(response.status(), site).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
  }
  await Promise.all([admin.dispose(), senior.dispose()]);
});

test('F-09: a Server Action from a foreign or opaque origin is refused with 403, audited, and does not run', async ({ playwright }) => {
  const admin = await apiAs(playwright, 'admin');
  const action = serverActions().find((candidate) => candidate.path === '/admin/users')!;
  expect(action).toBeDefined();
  const before = (await denied(admin, E2E_CREDENTIALS.admin.email)).length;
  for (const foreign of ['https://evil.test', 'null', 'not a url']) {
    const response = await admin.post(action.path, {
      headers: { 'Next-Action': action.id, 'Content-Type': 'text/plain;charset=UTF-8', Origin: foreign },
      data: '[]',
      maxRedirects: 0,
    });
    await expectRefused(response, 403, `Origin ${foreign}`);
  }
  const rows = await denied(admin, E2E_CREDENTIALS.admin.email);
  expect(rows.length - before).toBe(3);
  expect(JSON.parse(rows[0]!.detail_json)).toMatchObject({ refused: 'cross_site', method: 'POST', path: '/admin/users' });
  await admin.dispose();
});

test('audit: one row per refused page, refused viewed-by and F-08 reveal; session revocations and password changes', async ({ playwright }) => {
  const { gallery } = await scenarios();
  const blob = gallery.byRole['level:xxx']!;
  const admin = await apiAs(playwright, 'admin');
  const viewer = await apiAs(playwright, 'viewer');
  const viewerEmail = E2E_CREDENTIALS.viewer.email;

  const countBefore = (await denied(admin, viewerEmail)).length;
  expect((await viewer.get('/audit')).status()).toBe(403);
  let rows = await denied(admin, viewerEmail);
  expect(rows.length - countBefore).toBe(1);
  expect(rows[0]!.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.parse(rows[0]!.detail_json)).toMatchObject({ required: 'admin', path: '/audit' });

  await expectRefused(await viewer.get(`/api/media/${blob.blobId}/viewed-by`), 403, 'viewed-by as viewer');
  rows = await denied(admin, viewerEmail);
  expect(rows.length - countBefore).toBe(2);
  expect(JSON.parse(rows[0]!.detail_json)).toMatchObject({ required: 'moderator' });
  expect(rows[0]!.request_id).not.toBe(rows[1]!.request_id);

  // F-08: a viewer's reveal of gated media is refused and the refusal is in the log.
  const reveal = await viewer.post(`/api/media/${blob.blobId}/reveal?workflowId=${gallery.workflowId}`, { data: { reason: 'checking the gate' }, headers: { Origin: origin() } });
  expect(reveal.status()).toBe(403);
  const revealDenied = await auditRows({ request: admin }, { actor: viewerEmail, targetId: blob.blobId });
  expect(revealDenied[0]?.action).toMatch(/^(reveal_denied|access_denied)$/);

  // Sessions: one revoked by token, the others, then all; each audited with the actor and request id.
  const senior = await apiAs(playwright, 'senior');
  const others = [await apiAs(playwright, 'senior'), await apiAs(playwright, 'senior')];
  const listed = (await (await senior.get('/api/auth/list-sessions')).json()) as { token: string }[];
  expect(listed.length).toBeGreaterThanOrEqual(3);
  const json = { Origin: origin() };
  // The session token is the cookie value before its signature; revoke one of the *other* sessions by its token.
  const cookie = (await senior.storageState()).cookies.find((candidate) => candidate.name.endsWith('session_token'))!;
  const ownToken = decodeURIComponent(cookie.value).split('.')[0];
  const otherToken = listed.find((session) => session.token !== ownToken)!.token;
  expect((await senior.post('/api/auth/revoke-session', { data: { token: otherToken }, headers: json })).status()).toBe(200);
  expect((await senior.post('/api/auth/revoke-other-sessions', { data: {}, headers: json })).status()).toBe(200);
  const { email, password } = E2E_CREDENTIALS.senior;
  expect(
    (await senior.post('/api/auth/change-password', { data: { currentPassword: password, newPassword: password }, headers: json })).status(),
  ).toBe(200);
  expect((await senior.post('/api/auth/revoke-sessions', { data: {}, headers: json })).status()).toBe(200);
  const revoked: AuditRow[] = await auditRows({ request: admin }, { action: 'session_revoke', actor: email });
  expect(revoked.slice(0, 3).map((row) => JSON.parse(row.detail_json).scope)).toEqual(['all', 'others', 'one']);
  for (const row of revoked.slice(0, 3)) expect(row.request_id).toMatch(/^[0-9a-f-]{36}$/);
  const [passwordChange] = await auditRows({ request: admin }, { action: 'password_change', actor: email });
  expect(passwordChange).toMatchObject({ target_type: 'user', ip: '127.0.0.1' });
  expect((await senior.get('/api/status')).status()).toBe(401);
  await Promise.all([admin, viewer, senior, ...others].map((context) => context.dispose()));
});

test('security headers on every response: pages, API, 404s and /_next/static assets', async ({ request }) => {
  const page = await request.get('/sign-in');
  const html = await page.text();
  const assets = [...new Set(html.match(/\/_next\/static\/[^"'\s]+\.(?:js|css)/g) ?? [])].slice(0, 3);
  expect(assets.length).toBeGreaterThan(0);
  for (const path of ['/sign-in', '/api/health', '/no-such-page', '/_next/static/no-such-file.js', ...assets]) {
    const response = path === '/sign-in' ? page : await request.get(path);
    const headers = response.headers();
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['referrer-policy'], path).toBe('no-referrer');
  }
});
