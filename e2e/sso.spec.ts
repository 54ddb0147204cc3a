import type { Page } from '@playwright/test';
import { OIDC_ACCOUNTS, OIDC_PASSWORD } from '../emulator/oidc/provider';
import { expect, test } from './fixtures';

/**
 * Company sign-in in Chromium: the console's button, the test OpenID provider's own login page (started by
 * scripts/serve.ts --e2e), and back. Role mapping lands in the header; a refusal is explained on the sign-in page.
 * The protocol's refusals (state, code, forged or stale tokens) are tested below the browser in lib/auth/sso.test.ts.
 */

async function signInThroughProvider(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in?next=%2Fsettings');
  await page.getByRole('button', { name: 'Continue with your company account' }).click();
  await expect(page.getByRole('heading', { name: 'Corp ID' })).toBeVisible();
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(OIDC_PASSWORD);
  await page.getByRole('button', { name: 'Sign in to Corp ID' }).click();
}

test('a moderator and a viewer sign in through the company identity provider with their roles; an outsider is refused', async ({ page, browser, consoleErrors }) => {
  await signInThroughProvider(page, OIDC_ACCOUNTS.moderator.email);
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(OIDC_ACCOUNTS.moderator.name);
  await expect(page.getByTestId('signed-in-role')).toHaveText('moderator');
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Queue' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/sso-moderator.png' });

  // Each person in a browser of their own: the provider remembers who signed in there.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signInThroughProvider(viewer, OIDC_ACCOUNTS.viewer.email);
  await expect(viewer).toHaveURL(/\/settings$/);
  await expect(viewer.getByTestId('signed-in-role')).toHaveText('viewer');
  await expect(viewer.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Workflows' })).toBeVisible();
  await expect(viewer.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Queue' })).toHaveCount(0);
  await viewerContext.close();

  const outsiderContext = await browser.newContext();
  const outsider = await outsiderContext.newPage();
  await signInThroughProvider(outsider, OIDC_ACCOUNTS.otherDomain.email);
  await expect(outsider).toHaveURL(/\/sign-in\?next=%2Fsettings&error=sso_wrong_domain/);
  await expect(outsider.locator('#sso-error')).toHaveText('Your company account’s email domain is not allowed to sign in to this console.');
  await expect(outsider.getByTestId('signed-in-role')).toHaveCount(0);
  await outsider.screenshot({ path: 'test-results/screens/sso-refused.png' });
  await outsiderContext.close();

  expect(consoleErrors).toEqual([]);
});
