import { mkdirSync } from 'node:fs';
import { expect, signIn, test } from './fixtures';
import { scenarios } from './review-support';

/**
 * The risk overview as a moderator meets it on landing: the band counts and the riskiest users of the last 24 h
 * from the risk index, a user opened and back, watch and unwatch, and the window in the address.
 */

const SCREENS_DIR = 'test-results/screens';

test('a moderator lands on the risk overview, opens the riskiest user, comes back and watches them', async ({ page, consoleErrors }) => {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const { riskyUser } = await scenarios();
  const userId = String(riskyUser.userId);
  await signIn(page, 'moderator');
  // The e2e server runs no background indexer: a drill-down indexes what it reads (and follows its owner), as a
  // moderator's read would; the outputs score 3.12 %, 61.50 % and 22.40 %.
  expect((await page.request.get(`/api/workflows/${riskyUser.workflowId}`)).status()).toBe(200);

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Risk overview' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Last 24 hours' })).toHaveAttribute('aria-pressed', 'true');
  for (const band of ['Above threshold', 'Near threshold', 'Below threshold']) {
    const card = page.getByRole('link', { name: new RegExp(`^${band}: \\d+ outputs$`) });
    await expect(card).toBeVisible();
    expect(Number((await card.getAttribute('aria-label'))!.match(/(\d+) outputs/)![1])).toBeGreaterThanOrEqual(1);
  }
  await expect(page.getByRole('link', { name: /^Above threshold/ })).toHaveAttribute('href', /\/workflows\?.*minRisk=above/);

  const table = page.getByRole('table', { name: 'Riskiest Civitai users' });
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: userId, exact: true }) });
  await expect(row).toContainText('61.50 %');
  await expect(row.getByRole('link', { name: `Queue of ${userId}` })).toHaveAttribute('href', new RegExp(`^/queue\\?userId=${userId}&`));
  await page.screenshot({ path: `${SCREENS_DIR}/overview.png`, fullPage: true });

  await row.getByRole('link', { name: userId, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${userId}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Civitai user ${userId}` })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk overview' })).toBeVisible();

  // Opening the user had the index follow them: the row says so, and the moderator can stop and start it again.
  await expect(row).toContainText('watched');
  await row.getByRole('button', { name: `Unwatch user ${userId}` }).click();
  await expect(row.getByRole('button', { name: `Watch user ${userId}` })).toBeVisible();
  await expect(row).not.toContainText('watched');
  await row.getByRole('button', { name: `Watch user ${userId}` }).click();
  await expect(row.getByRole('button', { name: `Unwatch user ${userId}` })).toBeVisible();

  await page.getByRole('button', { name: 'Last 7 days' }).click();
  await expect(page).toHaveURL(/\?window=7d$/);
  await expect(page.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(row).toContainText('61.50 %');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SCREENS_DIR}/overview-dark.png`, fullPage: true });
  expect(consoleErrors).toEqual([]);
});
