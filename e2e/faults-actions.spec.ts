import { expect, signIn, test } from './fixtures';
import { serverActions } from './server-actions';

/**
 * Server Actions called the way an attacker would (TEST-PLAN F-07, F-09): straight at the server with the action id,
 * without a session; and from another site, with the moderator's session cookie forced onto the request. Neither may
 * run the action. Action ids come from the build's server-reference manifest (the browser learns them from the page).
 */

const EMULATOR = `${process.env.E2E_EMULATOR_URL}/__emulator`;

async function upstreamCalls(): Promise<number> {
  return ((await (await fetch(`${EMULATOR}/calls`)).json()) as unknown[]).length;
}

test('F-07: every Server Action called without a session does nothing and answers "sign in"', async ({ request }) => {
  const actions = serverActions();
  expect(actions.length).toBeGreaterThan(0);
  const before = await upstreamCalls();
  for (const action of actions) {
    const response = await request.post(action.path, {
      headers: { 'Next-Action': action.id, 'Content-Type': 'text/plain;charset=UTF-8', Origin: new URL(test.info().project.use.baseURL!).origin },
      data: '[]',
      maxRedirects: 0,
    });
    const body = await response.text();
    // Either refused outright (401, a redirect to sign-in) or answered with the action's own "sign in" value.
    if (response.status() === 200) {
      expect(body, action.name).toMatch(/Sign in to continue|unauthenticated/);
      expect(body, action.name).not.toMatch(/"status":"done"|"ok":true/);
    } else {
      expect([303, 307, 401], `${action.name} answered ${response.status()}`).toContain(response.status());
    }
  }
  expect(await upstreamCalls()).toBe(before);
});

test('F-09: a cross-site POST to a Server Action is refused even when it carries the session cookie', async ({ page }) => {
  await signIn(page, 'admin');
  // The session cookie itself keeps cross-site POSTs out: browsers do not send a SameSite=Lax cookie with them.
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name.includes('session_token'));
  expect(session?.sameSite).toBe('Lax');
  expect(session?.httpOnly).toBe(true);

  // The browser's own invite request, recorded once (it really creates that account)...
  const stamp = Date.now();
  const recordedEmail = `f09-recorded-${stamp}@example.test`;
  await page.goto('/admin/users');
  const form = page.getByRole('form', { name: 'Invite a moderator' });
  await form.getByLabel('Email').fill(recordedEmail);
  const [recorded] = await Promise.all([
    page.waitForRequest((request) => request.method() === 'POST' && Boolean(request.headers()['next-action'])),
    form.getByRole('button', { name: 'Create account' }).click(),
  ]);
  await expect(page.getByRole('status')).toContainText(recordedEmail);

  // ...then replayed with the session cookie and another email: from a foreign Origin it is refused before the
  // action runs; from the console's own origin the same replay works, so the refusal is the Origin check alone.
  // Its headers minus what the request context sets itself (length of the new body, host, the cookie jar's cookie).
  const headers = Object.fromEntries(Object.entries(recorded.headers()).filter(([name]) => !['content-length', 'host', 'cookie'].includes(name)));
  const replay = (email: string, origin: string) =>
    page.request.post('/admin/users', {
      headers: { ...headers, origin },
      data: recorded.postDataBuffer()!.toString('latin1').replaceAll(recordedEmail, email),
      maxRedirects: 0,
    });
  const refusedEmail = `f09-refused-${stamp}@example.test`;
  const refused = await replay(refusedEmail, 'https://evil.test');
  expect(refused.status()).toBeGreaterThanOrEqual(400);
  expect(await refused.text()).not.toContain(refusedEmail);
  const acceptedEmail = `f09-accepted-${stamp}@example.test`;
  const accepted = await replay(acceptedEmail, new URL(page.url()).origin);
  expect(accepted.status()).toBe(200);
  expect(await accepted.text()).toContain(acceptedEmail);

  await page.goto('/admin/users');
  await expect(page.getByText(acceptedEmail)).toBeVisible();
  await expect(page.getByText(refusedEmail)).toHaveCount(0);
});
