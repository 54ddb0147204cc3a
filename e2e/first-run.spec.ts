import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Scenarios } from '../emulator/scenarios';
import { mediaApi } from '../lib/media/api';
import { shortId } from '../lib/orchestrator/short-id';
import { expect, signIn, test } from './fixtures';
import { scenarios as readScenarios } from './review-support';

/** Daily use from the first run on: the command palette, the 403/404 pages, the audit log's sentences, the list's details. */

const SCREENS = 'test-results/screens';
const REVEAL_REASON = 'Checking the report from trust and safety';
let facts: Scenarios;

test.beforeAll(async () => {
  facts = await readScenarios();
  mkdirSync(SCREENS, { recursive: true });
});

async function keyboardReady(page: Page): Promise<void> {
  await expect(page.locator('html[data-shortcuts="ready"]')).toBeAttached();
}

test('Ctrl-K takes a pasted workflow id to its page; a reveal there counts in the header at once', async ({ page, consoleErrors }) => {
  const { workflowId } = facts.gallery;
  await signIn(page, 'moderator');
  await page.goto('/workflows');
  await keyboardReady(page);

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Go to an id, a screen or an action' });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('option', { name: /Work the triage queue/ })).toBeVisible();
  await expect(palette.getByRole('option', { name: /Invite a user/ })).toHaveCount(0);
  await page.keyboard.insertText(workflowId);
  await expect(palette.getByRole('option').first()).toContainText(`Workflow ${workflowId}`);
  await page.screenshot({ path: `${SCREENS}/palette.png`, fullPage: true });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/workflows/${workflowId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(workflowId);

  // "Revealed today" climbs with the reveal, without a reload, and a toast says what was revealed.
  const counter = page.getByTestId('exposure-today');
  const before = Number(await counter.locator('strong').textContent());
  const blob = facts.gallery.byRole['level:xxx']!;
  await page.locator(`figure[data-blob-id="${blob.blobId}"]`).getByRole('button', { name: 'Reveal…' }).click();
  const reveal = page.getByRole('dialog', { name: 'Reveal gated media' });
  await reveal.getByLabel('Why do you need to see it?').fill(REVEAL_REASON);
  await reveal.getByRole('button', { name: 'Record reason and reveal' }).click();
  await expect(counter).toContainText(`Revealed today: ${before + 1}`);
  await expect(page.getByText(`Revealed ${shortId(blob.blobId)}`)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/revealed-toast.png` });

  // The workflow is now a recent item.
  await page.keyboard.press('Control+k');
  await expect(palette.getByRole('group', { name: 'Recent' }).getByRole('option', { name: new RegExp(workflowId) })).toBeVisible();
  await page.keyboard.press('Escape');
  expect(consoleErrors).toEqual([]);
});

test('the 403 and 404 pages keep the header and its navigation', async ({ page, consoleErrors }) => {
  await signIn(page, 'viewer');
  const forbidden = await page.goto('/audit');
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed for your role' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Workflows' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await expect(page.getByTestId('signed-in-role')).toHaveText('viewer');
  await page.screenshot({ path: `${SCREENS}/forbidden.png`, fullPage: true });
  await nav.getByRole('link', { name: 'Status' }).click();
  await expect(page).toHaveURL(/\/status$/);

  const missing = await page.goto('/no-such-screen');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Workflows' })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/not-found.png`, fullPage: true });
  // The 403 and 404 statuses themselves are the only complaints the browser may log.
  expect(consoleErrors.filter((error) => !/status of 40[34]/.test(error))).toEqual([]);
});

test("the audit log reads as sentences: who revealed what, and a decision's reason and note", async ({ page, browser, consoleErrors }) => {
  const { workflowId } = facts.drillDown24;
  const blob = facts.gallery.byRole['level:na']!;
  const moderator = await browser.newPage();
  await signIn(moderator, 'moderator');
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const revealed = await moderator.request.post(mediaApi.reveal(blob.blobId, facts.gallery.workflowId), {
    headers: { Origin: origin },
    data: { reason: REVEAL_REASON },
  });
  expect(revealed.status()).toBe(200);

  // A flag with a reason and a note, from the workflow screen; its toast offers Undo.
  await moderator.goto(`/workflows/${workflowId}`);
  await keyboardReady(moderator);
  await moderator.getByRole('button', { name: 'Flag…' }).click();
  const picker = moderator.getByRole('dialog', { name: 'Flag: pick a reason' });
  await picker.getByText('Violence').click();
  await picker.getByLabel('Note (optional)').fill('second opinion needed');
  await picker.getByRole('button', { name: 'Flag', exact: true }).click();
  await expect(moderator.getByText(`Flagged recorded on workflow ${shortId(workflowId)}`)).toBeVisible();
  await expect(moderator.getByRole('button', { name: 'Undo' })).toBeVisible();
  await moderator.screenshot({ path: `${SCREENS}/decision-toast.png` });
  await moderator.close();

  await signIn(page, 'admin');
  await page.goto(`/audit?action=reveal&targetId=${encodeURIComponent(blob.blobId)}`);
  const reveal = page.getByTestId('audit-row').first();
  await expect(reveal.getByTestId('audit-sentence')).toHaveText(
    `Mo Moderator revealed ${shortId(blob.blobId)} of workflow ${shortId(facts.gallery.workflowId)} (tier 2)`,
  );
  await expect(reveal).toContainText(REVEAL_REASON);
  await expect(reveal.getByRole('button', { name: 'Copy blob id' })).toBeVisible();
  await expect(reveal.getByRole('link', { name: shortId(facts.gallery.workflowId) })).toHaveAttribute('href', `/workflows/${facts.gallery.workflowId}`);

  await page.goto(`/audit?action=decision&targetId=${workflowId}`);
  const decision = page.getByTestId('audit-row').first();
  await expect(decision.getByTestId('audit-sentence')).toHaveText(`Mo Moderator recorded “Flagged” on workflow ${shortId(workflowId)}`);
  await expect(decision).toContainText('Violence: second opinion needed');
  await decision.getByText('Raw row').click();
  await expect(decision.getByText(/"reasonCode":"violence"/)).toBeVisible();
  await expect(page.getByLabel('Action', { exact: true })).toHaveValue('decision');
  await page.screenshot({ path: `${SCREENS}/audit-sentences.png`, fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('the list: a clear focused row in light and dark, a reversed date range named in the form, the queue keys in "?"', async ({ page, consoleErrors }) => {
  await signIn(page, 'moderator');
  await page.goto('/workflows');
  await keyboardReady(page);
  await page.keyboard.press('j');
  const focused = page.locator('[role="row"][data-index="0"]');
  await expect(focused).toHaveCSS('outline-style', 'solid');
  await page.screenshot({ path: `${SCREENS}/workflows-focus-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(focused).toHaveCSS('outline-style', 'solid');
  await page.screenshot({ path: `${SCREENS}/workflows-focus-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByLabel('From (UTC day)').fill('2026-05-10');
  await page.getByLabel('From (UTC day)').press('Enter');
  await page.getByLabel('To (UTC day)').fill('2026-05-01');
  await page.getByLabel('To (UTC day)').press('Enter');
  await expect(page.getByTestId('date-range-error')).toHaveText(
    'From (UTC day) (2026-05-10) is after To (UTC day) (2026-05-01): swap them or change one.',
  );
  await expect(page).not.toHaveURL(/to=/);
  await page.screenshot({ path: `${SCREENS}/date-range-error.png` });

  await page.goto(`/queue?tags=${encodeURIComponent(facts.statusMix.tag)}`);
  await expect(page.getByTestId('queue-progress')).toBeVisible();
  await keyboardReady(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByText('On this screen')).toBeVisible();
  for (const action of ['Record OK', 'Escalate', 'Reveal the next gated output', 'Go to an id, a screen or an action (⌘ K on a Mac)']) {
    await expect(help.getByText(action)).toBeVisible();
  }
  await page.screenshot({ path: `${SCREENS}/queue-help.png`, fullPage: true });
  expect(consoleErrors).toEqual([]);
});
