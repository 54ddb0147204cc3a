import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { contextAs, currentItem, scenarios, signInRoles, watchErrors } from './review-support';

/**
 * Reviewer evidence and safety in a real browser: the queue shows each output's own evidence worst first, a
 * moderator sees "Senior only" on a tier-3 tile and `r` skips it, OK near or above asks first, a hard-gated export
 * needs a reason, the review panel lists who viewed each output, and demoting a senior ends their reveal mid-view.
 */

const SCREENS = 'test-results/screens';

test.beforeAll(async ({ browser }) => {
  await signInRoles(browser, ['moderator', 'senior', 'admin']);
});

/** Opens the queue of the risky user's workflows and moves to the scenario's workflow (one output below, one above). */
async function openRiskyItem(page: Page): Promise<string> {
  const { riskyUser } = await scenarios();
  await page.goto(`/queue?userId=${riskyUser.userId}`);
  for (let step = 0; step <= riskyUser.workflowCount; step++) {
    const id = await currentItem(page);
    if (id === riskyUser.workflowId) return id;
    await page.keyboard.press('j');
    await expect(page.locator('[data-queue-item]')).not.toHaveAttribute('data-queue-item', id);
  }
  throw new Error('the risky workflow is not in the queue');
}

/** Escape closes the OK confirmation, and nothing is decided. */
async function cancelOk(page: Page, workflowId: string): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('confirm-ok')).toBeHidden();
  expect((await (await page.request.get(`/api/decisions?workflowId=${workflowId}`)).json()).review.decision).toBeNull();
}

test('a moderator’s queue item: own scores worst first, "Senior only" on tier 3, r skips it, OK asks first', async ({ browser }) => {
  const context = await contextAs(browser, 'moderator');
  const page = await context.newPage();
  const errors = watchErrors(page);
  const workflowId = await openRiskyItem(page);
  const tiles = page.locator('[data-queue-item] figure[data-blob-id]');
  await expect(tiles.first()).toBeVisible();
  expect(await tiles.count()).toBeGreaterThanOrEqual(2);

  // Worst first: the 61.50 % output leads, hard-gated, with its bar against both thresholds.
  const worst = tiles.first();
  await expect(worst).toHaveAttribute('data-tier', '3');
  await expect(worst).toHaveAttribute('data-can-reveal', 'false');
  await expect(worst).toContainText('Senior only');
  await expect(worst).toContainText('CSAM 61.50 %');
  await expect(worst.getByRole('img', { name: /61\.50 %, band above \(near from 10 %, above from 50 %\)/ })).toBeVisible();
  await expect(page.locator('[data-queue-item] figure[data-blob-id]', { hasText: 'CSAM 3.12 %' })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/queue-evidence-moderator.png`, fullPage: true });

  // r never reaches the senior-only output.
  await page.keyboard.press('r');
  await page.keyboard.press('Escape');
  await expect(worst).toHaveAttribute('data-revealed', 'false');

  // OK asks first, naming the worst score; Escape goes back with nothing decided.
  await page.keyboard.press('1');
  const confirm = page.getByTestId('confirm-ok');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('61.50 %');
  await expect(confirm).toContainText('above the CSAM threshold');
  await page.screenshot({ path: `${SCREENS}/queue-confirm-ok.png` });
  await cancelOk(page, workflowId);
  await expect(page.locator('[data-queue-item]')).toHaveAttribute('data-queue-item', workflowId);
  expect(errors).toEqual([]);
  await context.close();
});

test('on the workflow page the review panel is in view at once, and 1 asks before marking OK near or above', async ({ browser }) => {
  const { riskyUser } = await scenarios();
  const context = await contextAs(browser, 'moderator');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`/workflows/${riskyUser.workflowId}`);
  // The decision keys attach at hydration, not at first paint.
  await expect(page.locator('html[data-shortcuts="ready"]')).toBeAttached();
  const panel = page.locator('[data-review-panel]');
  await expect(panel).toBeInViewport();
  // Worst first on the page too: the first tile is the 61.50 % output.
  await expect(page.locator('figure[data-blob-id]').first()).toContainText('61.50 %');
  await page.mouse.wheel(0, 2500);
  await expect(panel.getByRole('button', { name: /OK/ })).toBeInViewport();
  await page.keyboard.press('1');
  const confirm = page.getByTestId('confirm-ok');
  await expect(confirm).toContainText('61.50 %');
  await page.screenshot({ path: `${SCREENS}/workflow-page-confirm-ok.png` });
  await cancelOk(page, riskyUser.workflowId);
  expect(errors).toEqual([]);
  await context.close();
});

test('a hard-gated export needs a reason: 400 naming it, and the dialog asks for it', async ({ browser }) => {
  const { riskyUser } = await scenarios();
  const context = await contextAs(browser, 'senior');
  const page = await context.newPage();
  const refused = await page.request.get(`/api/workflows/${riskyUser.workflowId}/evidence`);
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toMatchObject({ field: 'reason' });

  await page.goto(`/workflows/${riskyUser.workflowId}`);
  await page.getByRole('button', { name: 'Evidence package' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export evidence' });
  await expect(dialog).toContainText('hard-gated');
  await expect(dialog.getByRole('button', { name: 'Download evidence (zip)' })).toBeDisabled();
  await dialog.getByLabel(/Reason \(required/).fill('Legal hold LH-2291');
  const link = dialog.getByRole('link', { name: 'Download evidence (zip)' });
  await expect(link).toHaveAttribute('href', /reason=Legal\+hold\+LH-2291/);
  await page.screenshot({ path: `${SCREENS}/export-reason.png` });
  await context.close();
});

test('after a reveal, hard-gated media stays grayscale and blurred until the senior lifts the veil', async ({ browser }) => {
  const { gallery } = await scenarios();
  const above = gallery.byRole['csam:above']!;
  const context = await contextAs(browser, 'senior');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`/workflows/${gallery.workflowId}`);
  const tile = page.locator(`figure[data-blob-id="${above.blobId}"]`);
  await tile.getByRole('button', { name: 'Reveal…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reveal hard-gated media' });
  await dialog.getByLabel('Why do you need to see it?').fill('Checking a user report');
  await dialog.getByRole('button', { name: 'Record reason and reveal' }).click();
  const image = tile.locator('img[data-media="full"]');
  await expect(image).toHaveAttribute('data-veiled', 'true');
  const filter = () => image.evaluate((element) => getComputedStyle(element).filter);
  expect(await filter()).toMatch(/grayscale\(1\).*blur|blur.*grayscale\(1\)/);
  await tile.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/tier3-veiled.png` });
  await tile.getByRole('button', { name: `Lift the veil from output ${above.blobId}` }).click();
  await expect(image).toHaveAttribute('data-veiled', 'false');
  expect(await filter()).toBe('none');
  // The review panel lists who viewed each output, this reveal included, without a reload.
  const viewed = page.locator('[data-review-panel]').getByRole('region', { name: 'Viewed by, per output' }).locator(`[data-viewed-output="${above.blobId}"]`);
  await expect(viewed).toContainText('Sam Senior');
  await expect(viewed).toContainText('Checking a user report');
  expect(errors).toEqual([]);
  await context.close();
});

test('demoting a senior ends their reveal grant mid-view: the next media request is refused', async ({ browser }) => {
  const { gallery } = await scenarios();
  const blobId = gallery.byRole['csam:above']!.blobId;
  const senior = await (await contextAs(browser, 'senior')).newPage();
  const media = `/api/media/${blobId}?workflowId=${gallery.workflowId}`;
  const reveal = await senior.request.post(`/api/media/${blobId}/reveal?workflowId=${gallery.workflowId}`, { data: { reason: 'Checking a report' } });
  expect(reveal.status()).toBe(200);
  expect((await senior.request.get(media)).status()).toBe(200);

  const admin = await (await contextAs(browser, 'admin')).newPage();
  const changeRole = async (role: string) => {
    await admin.goto('/admin/users');
    const row = admin.getByRole('row').filter({ hasText: 'senior@demo.invalid' });
    await row.getByLabel('Role of senior@demo.invalid').selectOption(role);
    await row.getByRole('button', { name: 'Change role' }).click();
    await expect(row.getByRole('status')).toContainText(`Role changed to ${role}`);
  };
  // Last in the file: the demotion ends the senior's stored session.
  try {
    await changeRole('viewer');
    const after = await senior.request.get(media);
    expect(after.status()).toBe(401);
    expect(await after.body()).not.toHaveLength(0);
  } finally {
    await changeRole('senior');
  }
  await senior.context().close();
  await admin.context().close();
});
