import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { E2E_CREDENTIALS, expect, test } from './fixtures';
import { auditRows, contextAs, currentItem, pressOk, signInRoles, watchErrors } from './review-support';

/**
 * Two reviewers on one queue (a moderator and a senior, two browser contexts, keyboard only): each item in view is
 * claimed, so neither ever decides an item the other decided or holds; a claim shows live on a colleague's workflow
 * page within 2 s; a senior takes a moderator's item over (audited) and the moderator's queue turns read-only on it;
 * the leads' view shows both reviewers' decisions.
 */

const SCREENS = 'test-results/screens';
const QUEUE = '/queue?order=newest';
/** Items each reviewer decides; CI keeps it small, a measurement run sets TEAM_ROUNDS (90: 180 of the queue's 200). */
const ROUNDS = Number(process.env.TEAM_ROUNDS ?? 4);

test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS, { recursive: true });
  await signInRoles(browser, ['moderator', 'senior', 'admin']);
});

/** Decides the item in view as OK by keyboard once its claim is held, and returns its id. */
async function decideHeldItem(page: Page): Promise<string> {
  const held = page.locator('[data-queue-item]:has([data-claim="held"])');
  await expect(held).toBeVisible();
  const workflowId = (await held.getAttribute('data-queue-item'))!;
  await pressOk(page, workflowId);
  await expect(page.locator(`[data-session-workflow="${workflowId}"]`)).toBeVisible();
  return workflowId;
}

test('two reviewers work one queue by keyboard without deciding an item twice; claims show live; a senior takes one over', async ({ browser }) => {
  test.setTimeout(60_000 + ROUNDS * 6_000);
  const [moContext, samContext] = [await contextAs(browser, 'moderator'), await contextAs(browser, 'senior')];
  const [mo, sam] = [await moContext.newPage(), await samContext.newPage()];
  const errors = [watchErrors(mo), watchErrors(sam)];

  await mo.goto(QUEUE);
  const moFirst = await currentItem(mo);
  await expect(mo.locator('[data-claim="held"]')).toBeVisible();
  // The senior's queue starts past the item the moderator holds.
  await sam.goto(QUEUE);
  expect(await currentItem(sam)).not.toBe(moFirst);

  const decided = { mo: [] as string[], sam: [] as string[] };
  for (let round = 0; round < ROUNDS; round++) {
    const [byMo, bySam] = await Promise.all([decideHeldItem(mo), decideHeldItem(sam)]);
    decided.mo.push(byMo);
    decided.sam.push(bySam);
  }
  const twice = decided.mo.filter((workflowId) => decided.sam.includes(workflowId));
  console.log(`two reviewers: ${JSON.stringify({ decided: decided.mo.length + decided.sam.length, reviewedTwice: twice.length })}`);
  expect(twice).toEqual([]);
  for (const page of [mo, sam]) {
    await expect(page.locator('[data-session-status="recorded"]')).toHaveCount(ROUNDS);
    await expect(page.locator('[data-session-status="conflict"], [data-session-status="failed"]')).toHaveCount(0);
  }
  await mo.screenshot({ path: `${SCREENS}/team-queue-moderator.png` });

  // The item the moderator has in view now: the senior opens its workflow page and sees who is on it, read-only.
  const held = await currentItem(mo);
  await expect(mo.locator('[data-claim="held"]')).toBeVisible();
  await sam.goto(`/workflows/${encodeURIComponent(held)}`);
  const notice = sam.locator('[data-claim-notice="other"]');
  await expect(notice).toContainText(/Mo Moderator is reviewing this \(\d+ min\)/);
  await expect(sam.getByRole('group', { name: 'Decide' })).toHaveCount(0);
  await sam.screenshot({ path: `${SCREENS}/team-workflow-claimed.png` });

  // A claim made elsewhere reaches the open page live: released, then claimed again by the moderator.
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const claimApi = (method: 'POST' | 'DELETE') =>
    mo.request.fetch('/api/queue/claim', { method, data: { workflowId: held }, headers: { Origin: origin, 'Content-Type': 'application/json' } });
  expect((await claimApi('DELETE')).status()).toBe(200);
  await expect(notice).toHaveCount(0);
  const claimedAt = Date.now();
  expect((await claimApi('POST')).status()).toBe(200);
  await expect(notice).toBeVisible({ timeout: 2_000 });
  console.log(`claim visible: ${JSON.stringify({ workflowId: held, visibleMs: Date.now() - claimedAt })}`);

  // The senior takes it over: audited, the moderator's queue shows it is no longer theirs and decides nothing.
  await notice.getByRole('button', { name: 'Take over' }).click();
  await expect(sam.locator('[data-claim-notice="mine"]')).toBeVisible();
  await expect(sam.getByRole('group', { name: 'Decide' })).toBeVisible();
  await expect(mo.locator(`[data-queue-item="${held}"] [data-claim="taken"]`)).toContainText('Sam Senior took this item over.', { timeout: 2_000 });
  await mo.keyboard.press('1');
  await expect(mo.locator(`[data-session-workflow="${held}"]`)).toHaveCount(0);
  await mo.screenshot({ path: `${SCREENS}/team-taken-over.png` });

  const admin = await (await contextAs(browser, 'admin')).newPage();
  const rows = await auditRows(admin, { action: 'claim_take_over', targetId: held });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ actor_email: E2E_CREDENTIALS.senior.email, target_type: 'workflow', workflow_id: held });
  expect(rows[0]!.detail_json).toContain(E2E_CREDENTIALS.moderator.name);

  // The leads' view: both reviewers' decisions of the session.
  await sam.goto('/team?window=24h');
  await expect(sam.locator(`[data-reviewer="${E2E_CREDENTIALS.moderator.email}"]`)).toBeVisible();
  await expect(sam.locator(`[data-reviewer="${E2E_CREDENTIALS.senior.email}"]`)).toBeVisible();
  await expect(sam.getByTestId('team-charts')).toBeVisible();
  await sam.screenshot({ path: `${SCREENS}/team-leads-view.png`, fullPage: true });

  // A claim refused because a colleague holds the item is the designed answer (409), which the browser logs anyway.
  const refusedClaim = /status of 409 \(Conflict\) \(http:\/\/[^)]*\/api\/queue\/claim\)$/;
  expect(errors.flat().filter((error) => !refusedClaim.test(error))).toEqual([]);
  await Promise.all([moContext.close(), samContext.close(), admin.context().close()]);
});
