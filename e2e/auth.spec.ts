import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { E2E_CREDENTIALS, expect, signIn, test } from './fixtures';

/** Sign-in, sign-out, ended sessions, roles and the admin pages, in a real browser against the production build. */

const baseURL = () => test.info().project.use.baseURL!;
const isSessionCookie = (cookie: { name: string }) => cookie.name.endsWith('session_token');

async function pageAs(browser: Browser, role: keyof typeof E2E_CREDENTIALS): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL() });
  const page = await context.newPage();
  await signIn(page, role);
  return page;
}

/**
 * Reloads a tab whose session was ended elsewhere and expects sign-in at `url`. The console may already be sending
 * the tab there by itself (its header count learns of the ended session), which aborts a reload racing with it.
 */
async function reloadEndedTab(page: Page, url: RegExp): Promise<void> {
  await expect(async () => {
    await page.reload().catch((error: unknown) => {
      if (!/ERR_ABORTED|interrupted by another navigation/.test(String(error))) throw error;
    });
    await expect(page).toHaveURL(url, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find(isSessionCookie);
  expect(cookie, 'a session cookie').toBeDefined();
  return cookie!;
}

test('a signed-out moderator is sent to sign-in and brought back to the page they asked for', async ({ page, consoleErrors }) => {
  const admin = E2E_CREDENTIALS.admin;
  await page.goto('/audit?action=sign_in');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faudit%3Faction%3Dsign_in$/);

  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/audit\?action=sign_in$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(admin.name);
  await expect(page.getByTestId('signed-in-role')).toHaveText('admin');
  const nav = page.getByRole('navigation', { name: 'Console' });
  for (const section of ['Workflows', 'Queue', 'Status', 'Audit', 'Users']) await expect(nav.getByRole('link', { name: section })).toBeVisible();
  // The sign-in just made is the newest sign_in row, with the browser's address.
  const newest = page.getByTestId('audit-row').first();
  await expect(newest).toContainText(admin.email);
  await expect(newest).toContainText('127.0.0.1');

  expect(await sessionCookie(page.context())).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  await page.screenshot({ path: 'test-results/screens/audit-log.png', fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('a wrong password is refused, and an off-site next= is ignored', async ({ page, consoleErrors }) => {
  const moderator = E2E_CREDENTIALS.moderator;
  await page.goto('/sign-in?next=//evil.test/steal');
  await page.getByLabel('Email').fill(moderator.email);
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#sign-in-error')).toHaveText('Wrong email or password, or the account is disabled.');
  expect((await page.context().cookies()).some(isSessionCookie)).toBe(false);

  await page.getByLabel('Password').fill(moderator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  expect(new URL(page.url()).host).toBe(new URL(baseURL()).host);
  // Chromium logs the refused attempt's 401 itself; nothing else may appear.
  expect(consoleErrors).toEqual([expect.stringMatching(/status of 401 .*\/api\/auth\/sign-in\/email/)]);
});

test('sign-out ends the session on the server, clears the browser, and the old cookie stays dead', async ({ page, context }) => {
  await signIn(page, 'moderator');
  await page.goto('/workflows');
  await expect(page.getByTestId('signed-in-role')).toHaveText('moderator');
  const cookieBefore = await sessionCookie(context);

  const signOutResponse = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/auth/sign-out');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  const response = await signOutResponse;
  expect(response.status()).toBe(303);
  const headers = await response.allHeaders();
  expect(headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
  expect(headers['cache-control']).toBe('no-store');
  await expect(page).toHaveURL(/\/sign-in\?reason=signed_out$/);
  await expect(page.getByText('You are signed out.')).toBeVisible();
  expect((await context.cookies()).some(isSessionCookie)).toBe(false);

  // Putting the old cookie back (a copied cookie, a restored backup) does not bring the session back.
  await context.addCookies([cookieBefore]);
  await page.goto('/workflows');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fworkflows&reason=expired$/);
  await context.addCookies([cookieBefore]);
  expect((await page.request.get('/api/workflows')).status()).toBe(401);
});

test('an expired session sends the moderator to sign-in, keeping the page to come back to', async ({ page, context }) => {
  await signIn(page, 'viewer');
  await page.goto('/workflows');
  await expect(page.getByTestId('signed-in-role')).toHaveText('viewer');

  // The session cookie carries the absolute lifetime as Max-Age: past it, the browser drops the cookie.
  const cookie = await sessionCookie(context);
  expect(cookie.expires * 1000 - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);
  await context.addCookies([{ ...cookie, expires: Math.floor(Date.now() / 1000) - 60 }]);
  expect((await context.cookies()).some(isSessionCookie)).toBe(false);

  await page.goto('/workflows?status=failed');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fworkflows%3Fstatus%3Dfailed$/);
  expect((await page.request.get('/api/workflows')).status()).toBe(401);
});

test('sign-out everywhere ends the session in another browser, which is told its session ended', async ({ page, browser }) => {
  const other = await pageAs(browser, 'senior');
  await other.goto('/workflows');
  await expect(other.getByTestId('signed-in-role')).toHaveText('senior');

  await signIn(page, 'senior');
  await page.goto('/workflows');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=signed_out$/);

  await other.reload();
  await expect(other).toHaveURL(/\/sign-in\?next=%2Fworkflows&reason=expired$/);
  await expect(other.getByRole('status')).toContainText('Your session ended');
  await other.screenshot({ path: 'test-results/screens/sign-in-session-ended.png', fullPage: true });
  await other.context().close();
});

test('a viewer is refused moderator actions and admin pages, and each refusal is audited', async ({ page, browser }) => {
  await signIn(page, 'viewer');
  const origin = new URL(baseURL()).origin;
  const decision = await page.request.post('/api/decisions', {
    headers: { Origin: origin },
    data: { workflowId: '8484131-20260121220000001', kind: 'ok', expectedVersion: 0, workflowVersionSeen: 'x' },
  });
  expect(decision.status()).toBe(403);

  const auditPage = await page.goto('/audit');
  expect(auditPage?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed for your role' })).toBeVisible();
  expect((await page.request.get('/api/audit/export')).status()).toBe(403);

  await page.goto('/workflows');
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Workflows' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);

  const admin = await pageAs(browser, 'admin');
  await admin.goto(`/audit?action=access_denied&actor=${encodeURIComponent(E2E_CREDENTIALS.viewer.email)}`);
  const rows = admin.getByTestId('audit-row');
  await expect(rows.filter({ hasText: '/api/decisions' })).not.toHaveCount(0);
  await expect(rows.filter({ hasText: '"required":"admin"' })).not.toHaveCount(0);
  await admin.context().close();
});

test('an admin invites a moderator, changes the role, and disabling ends the session at once', async ({ page, browser, consoleErrors }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/users');
  const email = `invitee-${Date.now()}@example.test`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('moderator');
  await page.getByRole('button', { name: 'Create account' }).click();
  const password = (await page.getByTestId('invite-password').textContent())!;
  expect(password.length).toBeGreaterThanOrEqual(20);

  // The invitee signs in with the password shown once.
  const invitee = await (await browser.newContext({ baseURL: baseURL() })).newPage();
  await invitee.goto('/sign-in');
  await invitee.getByLabel('Email').fill(email);
  await invitee.getByLabel('Password').fill(password);
  await invitee.getByRole('button', { name: 'Sign in' }).click();
  await expect(invitee.getByTestId('signed-in-role')).toHaveText('moderator');
  await expect(invitee.getByTestId('exposure-today')).toContainText('Revealed today: 0');

  const row = page.getByTestId('user-row').filter({ hasText: email });
  await row.getByLabel(`Role of ${email}`).selectOption('senior');
  await row.getByRole('button', { name: 'Change role' }).click();
  await expect(row.getByText('Role changed to senior.')).toBeVisible();
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('senior');
  // A role change ends the user's sessions at once (issue 15): they sign in again and hold the new role.
  await reloadEndedTab(invitee, /\/sign-in\?next=/);
  await invitee.goto('/sign-in');
  await invitee.getByLabel('Email').fill(email);
  await invitee.getByLabel('Password').fill(password);
  await invitee.getByRole('button', { name: 'Sign in' }).click();
  await expect(invitee.getByTestId('signed-in-role')).toHaveText('senior');

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row.getByText('Disabled; their sessions have ended.')).toBeVisible();
  await expect(row).toContainText('disabled');
  await page.screenshot({ path: 'test-results/screens/admin-users.png', fullPage: true });
  await reloadEndedTab(invitee, /\/sign-in\?next=%2Fworkflows&reason=expired$/);

  await page.goto(`/audit?targetType=user`);
  for (const action of ['user_invite', 'role_change', 'user_disable']) {
    await expect(page.getByTestId('audit-row').filter({ hasText: action }).filter({ hasText: email }).first()).toBeVisible();
  }
  await invitee.context().close();
  expect(consoleErrors).toEqual([]);
});

test('the audit log exports as CSV, and the export is itself audited', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/audit?action=sign_in');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-\d{8}T\d{6}Z\.csv$/);
  const text = readFileSync((await file.path())!, 'utf8');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe('id,at_utc,actor_id,actor_email,actor_role,session_id,action,target_type,target_id,workflow_id,reason,ip,request_id,detail_json');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.split(',')[6] === 'sign_in')).toBe(true);

  await page.goto('/audit?action=export');
  await expect(page.getByTestId('audit-row').first()).toContainText('audit_csv');
});
