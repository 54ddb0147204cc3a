import { E2E_CREDENTIALS, expect, test } from './fixtures';
import { indexingConsoleForFile } from './indexing-console';

/**
 * The live queue as a moderator meets it: the queue is open, a new above-threshold workflow completes upstream, and
 * within 5 s "1 new item — Show" appears without a reload while the item under review stays put; Show puts it next,
 * and the header's unreviewed count has grown. This needs the indexer and the emulator's callbacks, which the shared
 * e2e server keeps off (other specs count upstream calls), so the spec starts its own small pair beside it.
 */

const { console: CONSOLE, emulator: EMULATOR } = indexingConsoleForFile('live', { offset: 20, args: ['--callbacks'], env: { INDEX_BACKFILL_DAYS: '2' } });
const SCREENS = 'test-results/screens';

test('a new above-threshold workflow reaches the open queue within 5 s, without moving the item under review', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: CONSOLE, viewport: { width: 1440, height: 900 } });
  const { email, password } = E2E_CREDENTIALS.moderator;
  expect((await context.request.post('/api/auth/sign-in/email', { data: { email, password }, headers: { Origin: CONSOLE } })).status()).toBe(200);
  // The backfill first, as on a console that has been up a while: the arrival measured is the callback's alone.
  await expect
    .poll(async () => ((await (await context.request.get('/api/status')).json()) as { index: { backfillDone: boolean } }).index.backfillDone, { timeout: 60_000 })
    .toBe(true);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/queue?preset=unreviewed-csam');
  await expect(page.locator('html[data-shortcuts="ready"]')).toBeAttached();
  await expect(page.getByTestId('queue-progress')).toBeVisible({ timeout: 30_000 });
  const item = page.locator('[data-queue-item]');
  const before = (await item.count()) ? await item.getAttribute('data-queue-item') : null;
  const count = page.getByTestId('unreviewed-above');
  await expect(count).toHaveAttribute('data-live', 'live');
  await expect(count).not.toContainText('…');
  const countBefore = Number((await count.textContent())!.replace(/\D/g, ''));

  const started = Date.now();
  const created = await fetch(`${EMULATOR}/workflows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ risk: 'above' }) });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const fresh = page.getByTestId('new-items');
  await expect(fresh).toContainText('1 new item', { timeout: 5_000 });
  const arrivalMs = Date.now() - started;
  console.log(`live arrival: ${JSON.stringify({ workflowId: id, arrivalMs })}`);
  await expect.poll(async () => Number((await count.textContent())!.replace(/\D/g, ''))).toBeGreaterThan(countBefore);
  // Nothing moved under the moderator.
  if (before) await expect(item).toHaveAttribute('data-queue-item', before);
  await page.screenshot({ path: `${SCREENS}/live-queue-new.png` });

  await fresh.getByRole('button', { name: 'Show' }).click();
  await expect(fresh).toHaveCount(0);
  if (before) {
    await expect(item).toHaveAttribute('data-queue-item', before);
    await page.keyboard.press('j');
  }
  await expect(item).toHaveAttribute('data-queue-item', id);
  expect(errors).toEqual([]);
  await context.close();
});
