import { seriousViolations } from './axe';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { Scenarios } from '../emulator/scenarios';
import { expect, signIn, test } from './fixtures';

/**
 * The review console's screens in a real browser against the seeded emulator: search by every filter, the
 * virtualised list, drill-down and back, scan bands, the user overview, the upstream error state, keyboard-only use,
 * accessibility and screenshots in both themes. Every test also fails on any browser console error (fixtures.ts).
 */

const EMULATOR = `${process.env.E2E_EMULATOR_URL}/__emulator`;
const SCREENS_DIR = 'test-results/screens';
const STATE_FILE = 'test-results/screens/.viewer-state.json';
const ROW_HEIGHT = 44;

let scenarios: Scenarios;

async function control(path: string, init?: { method: string; body?: unknown }): Promise<Response> {
  const response = await fetch(`${EMULATOR}${path}`, {
    method: init?.method ?? 'GET',
    headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`emulator control ${path}: ${response.status}`);
  return response;
}

test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS_DIR, { recursive: true });
  scenarios = (await (await control('/scenarios')).json()) as Scenarios;
  // One sign-in for the whole file: the sign-in rate limit is for people, not for a test suite.
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: undefined });
  const page = await context.newPage();
  await signIn(page, 'viewer');
  await context.storageState({ path: STATE_FILE });
  await context.close();
});

test.use({ storageState: STATE_FILE });

test.afterEach(async () => {
  await control('/faults', { method: 'DELETE' });
  await control('/latency', { method: 'PUT', body: { fixedMs: 0 } });
});

const list = (page: Page): Locator => page.getByTestId('workflow-list');
const dataRows = (page: Page): Locator => list(page).locator('[role="row"][data-index]');

/** "1,234 workflows loaded" → 1234. */
async function loadedCount(page: Page): Promise<number> {
  const text = (await page.getByText(/workflows loaded/).textContent()) ?? '';
  return Number(/([\d,]+) workflows loaded/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
}

/** Navigates and waits for hydration (the keyboard shortcuts attach then), so typing and clicking reach React. */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('html[data-shortcuts="ready"]')).toBeAttached();
}

/** Scrolls the list to its end and answers how many workflows it holds. */
async function endOfResults(page: Page): Promise<number> {
  const end = page.getByText(/workflows loaded, end of results/);
  await expect
    .poll(
      async () => {
        if (await list(page).isVisible()) await list(page).evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
        return end.isVisible();
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toBe(true);
  return loadedCount(page);
}

/** The ids the list shows, in order (the rows in the DOM). */
async function rowIds(page: Page): Promise<string[]> {
  return dataRows(page).locator('a[data-row-link]').allTextContents();
}


/** Screenshots in both themes, and axe in both (contrast differs), then back to light. */
async function shootAndAudit(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SCREENS_DIR}/${name}-${scheme}.png`, fullPage: true });
    expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('workflows: every filter alone and combined, each surviving a reload of its URL', async ({ page, consoleErrors }) => {
  test.setTimeout(180_000);
  const { endUserTag, riskyUser, statusMix, anchor } = scenarios;

  await open(page, '/workflows');
  await expect(dataRows(page).first()).toBeVisible();

  // End user, typed in the one search bar.
  await page.getByRole('searchbox', { name: 'Search workflows' }).fill(`user:${endUserTag.endUserId}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`endUser=${endUserTag.endUserId}`));
  expect(await endOfResults(page)).toBe(endUserTag.workflowCount);
  await page.reload();
  await expect(page.locator('html[data-shortcuts="ready"]')).toBeAttached();
  expect(await endOfResults(page)).toBe(endUserTag.workflowCount);
  await expect(page.getByLabel('End user')).toHaveValue(String(endUserTag.endUserId));

  // Civitai user id, in its own field: every row is that owner's.
  await open(page, '/workflows');
  await page.getByLabel('Civitai user id').fill(String(riskyUser.userId));
  await page.getByLabel('Civitai user id').press('Enter');
  await expect(page).toHaveURL(new RegExp(`userId=${riskyUser.userId}`));
  await expect(page.getByText(/workflows loaded/)).toBeVisible();
  // Cells: select, workflow, owner, ...
  const owners = await dataRows(page).locator('[role="cell"]:nth-child(3)').allTextContents();
  expect(owners.length).toBeGreaterThan(0);
  expect(new Set(owners)).toEqual(new Set([String(riskyUser.userId)]));

  // Tag as a chip, then an exact status, then exclude failed.
  await open(page, '/workflows');
  await page.getByLabel('Add a tag (all must match)').fill(statusMix.tag);
  await page.getByLabel('Add a tag (all must match)').press('Enter');
  await expect(page.getByRole('button', { name: `Remove tag ${statusMix.tag}` })).toBeVisible();
  expect(await endOfResults(page)).toBe(statusMix.total);
  await page.getByLabel('Status').selectOption('failed');
  expect(await endOfResults(page)).toBe(statusMix.byStatus.failed ?? 0);
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Exclude failed').check();
  expect(await endOfResults(page)).toBe(statusMix.excludeFailedTotal);
  const combined = page.url();
  expect(combined).toContain('excludeFailed=true');

  // The same URL in a fresh page gives the same view (a shared link).
  const shared = await page.context().newPage();
  await open(shared, combined);
  expect(await endOfResults(shared)).toBe(statusMix.excludeFailedTotal);
  await expect(shared.getByLabel('Exclude failed')).toBeChecked();
  await shared.close();

  // A second tag ANDs: a tag no workflow has empties the list, and the empty state names what to relax.
  await page.getByLabel('Add a tag (all must match)').fill('no-such-tag-anywhere');
  await page.getByLabel('Add a tag (all must match)').press('Enter');
  await expect(page.getByText('No workflows match this search')).toBeVisible();
  await expect(page.getByText(/Try relaxing the exclude failed filter first/)).toBeVisible();
  await shootAndAudit(page, 'workflows-empty');
  await page.getByRole('button', { name: 'Remove the Tags filter' }).click();
  await expect(page).not.toHaveURL(/tags=/);
  await expect(dataRows(page).first()).toBeVisible();

  // Metadata text: the rows are exactly what the API answers for the same search.
  await open(page, '/workflows?q=lighthouse');
  await expect(dataRows(page).first()).toBeVisible();
  const api = (await (await page.request.get('/api/workflows?q=lighthouse&take=50')).json()) as { items: { id: string }[] };
  expect((await rowIds(page)).slice(0, 10)).toEqual(api.items.slice(0, 10).map((item) => item.id));

  // A UTC date alone is that whole day, oldest first.
  const day = anchor.slice(0, 10);
  await open(page, '/workflows');
  await page.getByLabel('From (UTC day)').fill(day);
  await page.getByLabel('To (UTC day)').fill(day);
  await page.getByLabel('To (UTC day)').press('Enter');
  await page.getByLabel('Order').selectOption('oldest');
  await expect(page).toHaveURL(/order=oldest/);
  await expect(page).toHaveURL(new RegExp(`from=${day}.*to=${day}|to=${day}.*from=${day}`));
  await expect(dataRows(page).first()).toBeVisible();
  const created = await dataRows(page).locator('time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
  expect(created.every((value) => value.startsWith(day))).toBe(true);
  expect([...created].sort()).toEqual(created);

  // A malformed filter in a hand-made URL is refused with the field named, not an empty list.
  await open(page, '/workflows?userId=%EF%BC%91%EF%BC%92%EF%BC%93');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load workflows' })).toContainText('userId');
  expect(consoleErrors.filter((error) => !/status of 400/.test(error))).toEqual([]);
});

test('workflows: infinite scroll to 500 rows keeps under 150 rows in the DOM', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await open(page, '/workflows');
  await expect(dataRows(page).first()).toBeVisible();
  await expect
    .poll(
      async () => {
        await list(page).evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
        return loadedCount(page);
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBeGreaterThanOrEqual(500);
  const inDom = await dataRows(page).count();
  expect(inDom).toBeGreaterThan(10);
  expect(inDom).toBeLessThan(150);
  await shootAndAudit(page, 'workflows');
  // Usable on a laptop and on a wide monitor: nothing spills sideways out of the page.
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(dataRows(page).first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENS_DIR}/workflows-${width}-light.png` });
  }
  expect(consoleErrors).toEqual([]);
});

test('workflow → job → back returns to the same place in the list', async ({ page, consoleErrors }) => {
  await open(page, '/workflows');
  await expect(dataRows(page).first()).toBeVisible();
  await expect
    .poll(async () => {
      await list(page).evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      return loadedCount(page);
    })
    .toBeGreaterThanOrEqual(150);
  await list(page).evaluate((element, top) => element.scrollTo({ top }), 120 * ROW_HEIGHT);
  const row = list(page).locator('[data-index="121"]');
  await expect(row).toBeInViewport();
  const id = (await row.locator('a[data-row-link]').textContent())!;
  const offset = await list(page).evaluate((element) => element.scrollTop);

  await row.locator('a[data-row-link]').click();
  await expect(page).toHaveURL(`/workflows/${id}`);
  const jobLink = page.locator('a[href^="/jobs/"]').first();
  await jobLink.click();
  await expect(page).toHaveURL(/\/jobs\//);
  await page.goBack();
  await expect(page).toHaveURL(`/workflows/${id}`);
  await page.goBack();
  await expect(page).toHaveURL('/workflows');

  const again = list(page).locator('[data-index="121"]');
  await expect(again).toBeInViewport();
  await expect(again.locator('a[data-row-link]')).toHaveText(id);
  expect(Math.abs((await list(page).evaluate((element) => element.scrollTop)) - offset)).toBeLessThanOrEqual(2 * ROW_HEIGHT);
  // The opened row has the focus again, so the keyboard flow continues from it.
  await expect(again.locator('a[data-row-link]')).toBeFocused();
  expect(consoleErrors).toEqual([]);
});

test('job screen draws CSAM scores in the near and above bands', async ({ page, consoleErrors }) => {
  const { riskyUser } = scenarios;
  await open(page, `/jobs/${riskyUser.aboveJobId}`);
  const bars = page.getByRole('list', { name: 'CSAM score per output' });
  await expect(bars.locator('[data-band="above"]')).toHaveCount(1);
  await expect(bars.locator('[data-band="below"]')).toHaveCount(1);
  await expect(bars).toContainText('61.50 %');
  await expect(page.getByRole('img', { name: /61\.50 %, band above/ })).toBeVisible();
  await shootAndAudit(page, 'job');

  await open(page, `/jobs/${riskyUser.nearJobId}`);
  await expect(bars.locator('[data-band="near"]')).toHaveCount(1);
  await expect(bars).toContainText('22.40 %');
  expect(consoleErrors).toEqual([]);
});

test('workflow screen shows steps, jobs, tiles and hostile text as literal text', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  const { gallery, hostileText, unknownStep } = scenarios;
  await open(page, `/workflows/${gallery.workflowId}`);
  await expect(page.locator('figure[data-blob-id]')).toHaveCount(gallery.blobs.length);
  const above = gallery.byRole['csam:above']!;
  await expect(page.locator(`figure[data-blob-id="${above.blobId}"]`)).toHaveAttribute('data-tier', '3');
  await shootAndAudit(page, 'workflow');

  await page.goto(`/workflows/${hostileText.workflowId}`);
  await expect(page.getByText('<script>alert(1)</script>', { exact: false }).first()).toBeVisible();
  await expect(page.getByText('[U+202E RLO]').first()).toBeVisible();
  expect(await page.locator('main script, main img[src="x"]').count()).toBe(0);

  await page.goto(`/workflows/${unknownStep.workflowId}`);
  const raw = page.getByText('Raw input (JSON)');
  await expect(raw).toBeVisible();
  await expect(page.locator('details:has-text("Raw input (JSON)")')).not.toHaveAttribute('open', '');
  expect(consoleErrors).toEqual([]);
});

test('user overview reads the index and draws the CSAM histogram', async ({ page, consoleErrors }) => {
  const { riskyUser } = scenarios;
  // The e2e console runs without the background indexer: reading the workflow writes it into the index.
  expect((await page.request.get(`/api/workflows/${riskyUser.workflowId}`)).status()).toBe(200);
  await open(page, `/users/${riskyUser.userId}`);
  await expect(page.getByTestId('user-workflow-count')).not.toHaveText('0');
  const histogram = page.getByTestId('csam-histogram');
  await expect(histogram.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByRole('link', { name: riskyUser.workflowId }).first()).toBeVisible();
  await shootAndAudit(page, 'user');
  expect(consoleErrors).toEqual([]);
});

test('status screen reports the upstream', async ({ page, consoleErrors }) => {
  await open(page, '/status');
  await expect(page.getByText('the embedded emulator')).toBeVisible();
  await shootAndAudit(page, 'status');
  expect(consoleErrors).toEqual([]);
});

test('an upstream 503 shows what failed, and Retry recovers', async ({ page, consoleErrors }) => {
  await control('/faults', { method: 'PUT', body: [{ path: '^/v2/consumer/workflows$', kind: 'status', status: 503 }] });
  await open(page, '/workflows?q=fox');
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load workflows' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  // It says the upstream failed (the route's ProblemDetails title), not a generic console error.
  await expect(alert).toContainText(/Could not load workflows: The Orchestration API/);
  await shootAndAudit(page, 'workflows-error');

  await control('/faults', { method: 'DELETE' });
  // The breaker may still be open for a few seconds after the outage: retry until the upstream answers again.
  await expect(async () => {
    if (await alert.isVisible()) await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(dataRows(page).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 40_000, intervals: [1_000] });
  // The browser logs each failed /api call; nothing else may appear.
  expect(consoleErrors.filter((error) => !/status of 503/.test(error))).toEqual([]);
});

test('keyboard only: search, open a workflow, open a job', async ({ page, consoleErrors }) => {
  const { endUserTag } = scenarios;
  await open(page, '/workflows');
  await expect(dataRows(page).first()).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search workflows' })).toBeFocused();
  await page.keyboard.type(`user:${endUserTag.endUserId}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`endUser=${endUserTag.endUserId}`));
  await endOfResults(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  const first = dataRows(page).first().locator('a[data-row-link]');
  await expect(first).toBeFocused();
  const id = (await first.textContent())!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/workflows/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(id);
  await expect(page.locator('html[data-shortcuts="ready"]')).toBeAttached();
  await page.keyboard.press('j');
  const jobLink = page.locator('a[data-row-link][href^="/jobs/"]').first();
  await expect(jobLink).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/jobs\//);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/^Job /);
  await expect(page.locator('html[data-shortcuts="ready"]')).toBeAttached();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('w');
  await expect(page).toHaveURL(/\/workflows$/);
  expect(consoleErrors).toEqual([]);
});

test('measures the time from navigation to the first row with 50 ms upstream latency', async ({ page }) => {
  await control('/latency', { method: 'PUT', body: { fixedMs: 50 } });
  // Warm the server once, so the figure is a moderator's, not the first request after start-up.
  await page.goto('/workflows?q=warm');
  const samples: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const started = Date.now();
    await page.goto(`/workflows?order=${run % 2 ? 'oldest' : 'newest'}`, { waitUntil: 'commit' });
    await expect(dataRows(page).first()).toBeVisible();
    samples.push(Date.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  writeFileSync(`${SCREENS_DIR}/first-row.json`, JSON.stringify({ upstreamLatencyMs: 50, samplesMs: samples, medianMs: median }, null, 2));
  expect(median).toBeLessThan(3_000);
});
