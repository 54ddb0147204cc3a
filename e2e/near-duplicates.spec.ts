import type { Browser } from '@playwright/test';
import type { Scenarios } from '../emulator/scenarios';
import { mediaApi } from '../lib/media/api';
import { pdqOfImage } from '../lib/pdq/image';
import { hashAtDistance, syntheticHash } from '../test/pdq-hashes';
import type { Role } from '../lib/auth/roles';
import { E2E_CREDENTIALS, expect, test } from './fixtures';
import { indexingConsoleForFile } from './indexing-console';
import { currentItem } from './review-support';

/**
 * Near-duplicates and hash lists (issue 22), on a console that indexes and hashes in the background.
 *
 * "Find similar" as a moderator meets it: on the flagged (hard-gated) output of one of the emulator's near-duplicate
 * families, the button opens the family's other members, each through the gate, from other end users and days; and
 * they open as a queue. Hashing runs with the indexer, which the shared e2e server keeps off (other specs count
 * upstream calls), so the spec starts its own small pair beside it, as the live-queue spec does.
 */

// Five days hold every family member (the emulator dates them one to five days back).
const { console: CONSOLE, emulator: EMULATOR } = indexingConsoleForFile('similar', { offset: 30, env: { INDEX_BACKFILL_DAYS: '5' } });
const SCREENS = 'test-results/screens';

async function signedIn(browser: Browser, role: Role) {
  const context = await browser.newContext({ baseURL: CONSOLE, viewport: { width: 1440, height: 900 } });
  const { email, password } = E2E_CREDENTIALS[role];
  expect((await context.request.post('/api/auth/sign-in/email', { data: { email, password }, headers: { Origin: CONSOLE } })).status()).toBe(200);
  return context;
}

/** Waits until the background hasher has hashed the output (the similar search answers for it). */
async function hashed(context: Awaited<ReturnType<typeof signedIn>>, blobId: string) {
  await expect.poll(async () => (await context.request.get(`/api/media/${encodeURIComponent(blobId)}/similar`)).status(), { timeout: 60_000 }).toBe(200);
}

test('a moderator finds the near-duplicates of a flagged output, through the gate, and opens them as a queue', async ({ browser }) => {
  const context = await signedIn(browser, 'moderator');
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

/**
 * An admin imports a list holding a hash 6 bits from an output the indexer has hashed (hashed here from the bytes an
 * audited reveal gives); the match holds that output at tier 3 for a moderator, names list and label on its tile,
 * refuses its bytes, and puts its workflow in the "Hash match" queue.
 */
test('an imported hash list hard-gates the matching output, names list and label, and queues its workflow', async ({ browser }) => {
  const LIST = 'E2E known images';
  const LABEL = 'Known series 7';
  const scenarios = (await (await fetch(`${EMULATOR}/scenarios`)).json()) as Scenarios;
  const family = scenarios.nearDuplicates[1]!;
  const [blobId, workflowId] = [family.blobIds[0]!, family.workflowIds[0]!];
  const admin = await signedIn(browser, 'admin');
  await hashed(admin, blobId);
  const reveal = await admin.request.post(mediaApi.reveal(blobId, workflowId), { data: { reason: 'Hashing a known image for a list' }, headers: { Origin: CONSOLE } });
  expect(reveal.status()).toBe(200);
  const served = await admin.request.get(mediaApi.media(blobId, workflowId));
  expect(served.status()).toBe(200);
  const { hash } = await pdqOfImage(await served.body());

  const page = await admin.newPage();
  await page.goto('/admin/hash-lists');
  await page.getByLabel('List name').fill(LIST);
  const csv = `pdq_hex,label,source\n${hashAtDistance(hash, 6)},${LABEL},e2e\n${syntheticHash(5)},Unrelated,e2e\n`;
  await page.getByLabel(/CSV file/).setInputFiles({ name: 'known.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import list' }).click();
  const row = page.getByTestId('hash-list-row').filter({ hasText: LIST });
  await expect(row.getByRole('cell').nth(1)).toHaveText('2');
  // The output was hashed before the import, so the import itself finds it (and any family member as close).
  await expect(row.getByRole('cell').nth(2)).not.toHaveText('0');
  await page.screenshot({ path: `${SCREENS}/hash-lists-admin.png` });

  const moderator = await signedIn(browser, 'moderator');
  const view = await moderator.newPage();
  const errors: string[] = [];
  view.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await view.goto(`/workflows/${encodeURIComponent(workflowId)}`);
  const tile = view.locator(`figure[data-blob-id="${blobId}"]`);
  await expect(tile).toHaveAttribute('data-tier', '3');
  await expect(tile).toContainText(`Hash list match: ${LIST} — ${LABEL} (distance 6)`);
  await tile.scrollIntoViewIfNeeded();
  await view.screenshot({ path: `${SCREENS}/hash-lists-tile.png` });
  expect((await moderator.request.get(mediaApi.media(blobId, workflowId))).status()).toBe(403);

  // Newest match first: this workflow, or a family member's the same list entry also matched.
  await view.goto('/queue?preset=hash-match');
  expect(family.workflowIds).toContain(await currentItem(view));
  expect(errors).toEqual([]);
  await Promise.all([admin.close(), moderator.close()]);
});
