import type { Scenarios } from '../emulator/scenarios';
import { E2E_CREDENTIALS, expect, test } from './fixtures';
import { indexingConsoleForFile } from './indexing-console';

/**
 * "Find similar" as a moderator meets it: on the flagged (hard-gated) output of one of the emulator's near-duplicate
 * families, the button opens the family's other members, each through the gate, from other end users and days; and
 * they open as a queue. Hashing runs with the indexer, which the shared e2e server keeps off (other specs count
 * upstream calls), so the spec starts its own small pair beside it, as the live-queue spec does.
 */

// Five days hold every family member (the emulator dates them one to five days back).
const { console: CONSOLE, emulator: EMULATOR } = indexingConsoleForFile('similar', { offset: 30, env: { INDEX_BACKFILL_DAYS: '5' } });
const SCREENS = 'test-results/screens';

test('a moderator finds the near-duplicates of a flagged output, through the gate, and opens them as a queue', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: CONSOLE, viewport: { width: 1440, height: 900 } });
  const { email, password } = E2E_CREDENTIALS.moderator;
  expect((await context.request.post('/api/auth/sign-in/email', { data: { email, password }, headers: { Origin: CONSOLE } })).status()).toBe(200);
  const scenarios = (await (await fetch(`${EMULATOR}/scenarios`)).json()) as Scenarios;
  const family = scenarios.nearDuplicates[0]!;
  const [flagged, ...others] = family.blobIds;
  // The backfill indexes the family and the hasher hashes it in the background: wait until the search sees it whole.
  const started = Date.now();
  await expect
    .poll(
      async () => {
        const answer = await context.request.get(`/api/media/${encodeURIComponent(flagged!)}/similar`);
        return answer.ok() ? ((await answer.json()) as { matches: { blobId: string }[] }).matches.map((match) => match.blobId).sort() : [];
      },
      { timeout: 60_000 },
    )
    .toEqual([...others].sort());
  console.log(`similar: the family was indexed and hashed ${Date.now() - started} ms after the console was ready`);

  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`/workflows/${family.workflowIds[0]}`);
  const tile = page.locator(`figure[data-blob-id="${flagged}"]`);
  await expect(tile).toHaveAttribute('data-tier', '3');
  await tile.getByRole('link', { name: `Find outputs similar to ${flagged}` }).click();

  await expect(page).toHaveURL(new RegExp(`/similar/${flagged!.replace('.', '\\.')}$`));
  const matches = page.getByRole('list', { name: 'Similar outputs' }).locator('figure[data-blob-id]');
  await expect(matches).toHaveCount(others.length);
  for (const blobId of others) {
    const match = page.locator(`figure[data-blob-id="${blobId}"]`);
    // Each match is a gated tile: its tier decided for this moderator, and nothing beyond what that tier allows.
    await expect(match).toHaveAttribute('data-tier', /^[0-3]$/);
    await expect(match).toHaveAttribute('data-revealed', 'false');
  }
  await expect(page.locator('[data-similar-distance]').first()).toContainText('bits apart');
  // The previews the gate allows (tiers 0 and 1), drawn before the screenshot.
  await expect
    .poll(() => page.locator('img[data-media]').evaluateAll((images) => images.length > 0 && images.every((image) => (image as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  await page.screenshot({ path: `${SCREENS}/similar-results.png`, fullPage: true });

  await page.getByRole('link', { name: 'Open as queue' }).click();
  await expect(page).toHaveURL(/\/queue\?similar=/);
  await expect(page.getByTestId('queue-progress')).toContainText(`Near-duplicates of ${flagged}`, { timeout: 30_000 });
  await expect(page.getByTestId('queue-progress')).toContainText(`of ${family.workflowIds.length}`);
  await expect(page.getByText('Loading outputs…')).toBeHidden();
  await page.screenshot({ path: `${SCREENS}/similar-queue.png` });
  expect(errors).toEqual([]);
  await context.close();
});
