import type { Page } from '@playwright/test';
import { mediaApi } from '../lib/media/api';
import type { UserRisk } from '../lib/users/risk';
import type { UserStrikesAnswer } from '../lib/users/api';
import { expect, test } from './fixtures';
import { auditRows, contextAs, control, scenarios, signInRoles, watchErrors } from './review-support';

/**
 * The user page (issue 17): a moderator opens a risky user and reads the index's counts, the strikes with their
 * media through the gate, the team's past decisions and who revealed what; a senior marks the strikes reviewed
 * (audited); a strikes failure leaves the rest of the page standing, with a marked gap and a retry.
 */

test.beforeAll(async ({ browser }) => {
  await signInRoles(browser, ['moderator', 'senior', 'admin']);
});

test.afterEach(async () => {
  await control('/faults', { method: 'DELETE' });
});

const origin = () => ({ Origin: new URL(test.info().project.use.baseURL!).origin });

async function json<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

test('a moderator reads a risky user from the index with strikes, decisions and reveals; a senior marks the strikes reviewed', async ({ browser }) => {
  // Two roles, two page loads and a dialog on a 2-core CI runner shared with the build.
  test.setTimeout(120_000);
  const { riskyUser } = await scenarios();
  const { userId, workflowId } = riskyUser;
  const moderator = await (await contextAs(browser, 'moderator')).newPage();
  const senior = await (await contextAs(browser, 'senior')).newPage();
  const errors = watchErrors(moderator);

  // The e2e console runs without the background indexer: opening the workflow writes it into the index.
  await json(moderator, `/api/workflows/${workflowId}`);
  // One decision by the moderator and one reveal by the senior, side by side.
  const decide = async () => {
    const { review } = await json<{ review: { decision: { version: number } | null } }>(moderator, `/api/decisions?workflowId=${workflowId}`);
    const decided = await moderator.request.post('/api/decisions', {
      headers: origin(),
      data: { workflowId, kind: 'ok', expectedVersion: review.decision?.version ?? 0, workflowVersionSeen: 'succeeded:00000000000000aa' },
    });
    expect(decided.status()).toBe(200);
  };
  const reveal = async () => {
    const { strikes } = await json<UserStrikesAnswer>(moderator, `/api/users/${userId}/strikes`);
    expect(strikes).toHaveLength(riskyUser.strikeCount);
    const placed = strikes.flatMap((strike) => strike.blobs).find((blob) => blob.workflowId === workflowId)!;
    const revealed = await senior.request.post(mediaApi.reveal(placed.blobId, workflowId), { headers: origin(), data: { reason: 'checking a strike for the user page' } });
    expect(revealed.status()).toBe(200);
    return placed;
  };
  const [, placed, risk] = await Promise.all([decide(), reveal(), json<UserRisk>(moderator, `/api/users/${userId}/risk`)]);
  expect(risk.workflowCount).toBeGreaterThanOrEqual(1);

  await moderator.goto(`/users/${userId}`);
  await expect(moderator.getByTestId('user-workflow-count')).toHaveText(risk.workflowCount.toLocaleString('en-US'));
  await expect(moderator.getByRole('list', { name: 'Outputs per CSAM band' }).locator('[data-band="above"]')).toContainText(String(risk.bands.above));
  await expect(moderator.getByRole('heading', { name: `Strikes (${riskyUser.strikeCount})` })).toBeVisible();
  await expect(moderator.getByTestId('strike')).toHaveCount(riskyUser.strikeCount);
  await expect(moderator.getByRole('link', { name: `Job ${riskyUser.aboveJobId}` })).toHaveAttribute('href', `/jobs/${riskyUser.aboveJobId}`);
  // The strike's media goes through the gate: the tile carries the server's tier, and no image leaves our own routes.
  await expect(moderator.locator(`[data-blob-id="${placed.blobId}"]`).first()).toHaveAttribute('data-tier', /^[0-3]$/);
  for (const src of await moderator.locator('img').evaluateAll((images) => images.map((image) => image.getAttribute('src') ?? ''))) {
    expect(src.startsWith('/api/media/') || src.startsWith('/_next/')).toBe(true);
  }
  await expect(moderator.getByRole('list', { name: 'Past decisions' }).getByRole('link', { name: workflowId }).first()).toBeVisible();
  await expect(moderator.getByRole('list', { name: 'Reveals' })).toContainText('Sam Senior');
  await expect(moderator.getByRole('list', { name: 'Reveals' })).toContainText(placed.blobId);
  await expect(moderator.getByRole('button', { name: 'Mark strikes reviewed' })).toHaveCount(0);

  await senior.goto(`/users/${userId}`);
  await senior.getByRole('button', { name: 'Mark strikes reviewed' }).click();
  const dialog = senior.getByRole('dialog', { name: 'Mark strikes reviewed' });
  await dialog.getByLabel(/Notes/).fill('Every strike checked against its job.');
  await dialog.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(dialog.getByRole('status')).toContainText('marked reviewed');
  await dialog.getByText('Close', { exact: true }).click();
  await expect(senior.getByTestId('strike').first()).toContainText('Reviewed');

  const admin = await (await contextAs(browser, 'admin')).newPage();
  const rows = await auditRows(admin, { action: 'strikes_review' });
  expect(rows.find((row) => row.target_id === String(userId))).toMatchObject({ actor_role: 'senior', target_type: 'user' });
  expect(errors).toEqual([]);
});

test('a strikes failure leaves the rest of the page with a marked gap and a retry; a bad id is the not-found page', async ({ browser }) => {
  const { cleanUser } = await scenarios();
  const moderator = await (await contextAs(browser, 'moderator')).newPage();
  await control('/faults', { method: 'PUT', body: [{ path: '/strikes$', kind: 'status', status: 500 }] });

  await moderator.goto(`/users/${cleanUser.userId}`);
  // The console retries the read within its budget before it gives up.
  const gap = moderator.getByRole('alert').filter({ hasText: 'Strikes could not be read' });
  await expect(gap).toBeVisible({ timeout: 30_000 });
  await expect(moderator.getByTestId('user-workflow-count')).toBeVisible();
  await expect(moderator.getByRole('heading', { name: /^Past decisions/ })).toBeVisible();
  await expect(moderator.getByRole('heading', { name: /^Viewed by/ })).toBeVisible();

  await control('/faults', { method: 'DELETE' });
  // The breaker may stay open for a few seconds after the outage: retry until the upstream answers again.
  await expect(async () => {
    if (await gap.isVisible()) await gap.getByRole('button', { name: 'Retry strikes' }).click();
    await expect(moderator.getByText('No strikes', { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 40_000, intervals: [1_000] });

  await moderator.goto('/users/01');
  await expect(moderator.getByRole('heading', { name: 'Not a Civitai user id' })).toBeVisible();
});
