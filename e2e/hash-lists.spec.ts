import { mkdirSync } from 'node:fs';
import { pdqOfImage } from '../lib/pdq/image';
import { hashAtDistance, syntheticHash } from '../test/pdq-hashes';
import { expect, test } from './fixtures';
import { contextAs, currentItem, scenarios, signInRoles, watchErrors } from './review-support';

/**
 * Hash lists (issue 22): an admin imports a list through the Hash lists page holding a hash 6 bits from one of the
 * gallery's pg outputs (hashed here from the bytes the console serves, as the indexer hashes them), and a moderator
 * then finds that output hard-gated (tier 3, no bytes) with the list and label on its tile, and its workflow in the
 * "Hash match" queue. The e2e console runs without its background indexer: opening the workflow indexes it, and its
 * image outputs are hashed and matched as the indexer does it.
 */

const SCREENS_DIR = 'test-results/screens';
const LIST = 'E2E known images';
const LABEL = 'Known series 7';

test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await signInRoles(browser, ['admin', 'moderator']);
});

test('an imported hash list hard-gates the matching output, names list and label, and queues its workflow', async ({ browser }) => {
  const { gallery } = await scenarios();
  const target = gallery.byRole['level:pg']!;
  const admin = await (await contextAs(browser, 'admin')).newPage();
  const adminErrors = watchErrors(admin);

  // Tier 0 before: the console serves its bytes without a reveal, and opening the workflow indexes (and hashes) it.
  const media = `/api/media/${encodeURIComponent(target.blobId)}?workflowId=${encodeURIComponent(gallery.workflowId)}`;
  const served = await admin.request.get(media);
  expect(served.status()).toBe(200);
  const { hash } = await pdqOfImage(await served.body());
  await admin.goto(`/workflows/${encodeURIComponent(gallery.workflowId)}`);
  await expect(admin.locator(`figure[data-blob-id="${target.blobId}"]`)).toHaveAttribute('data-tier', '0');

  await admin.goto('/admin/hash-lists');
  await admin.getByLabel('List name').fill(LIST);
  const csv = `pdq_hex,label,source\n${hashAtDistance(hash, 6)},${LABEL},e2e\n${syntheticHash(5)},Unrelated,e2e\n`;
  await admin.getByLabel(/CSV file/).setInputFiles({ name: 'known.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await admin.getByRole('button', { name: 'Import list' }).click();
  const row = admin.getByTestId('hash-list-row').filter({ hasText: LIST });
  await expect(row.getByRole('cell').nth(1)).toHaveText('2');
  // Found on import when the output was hashed before it, else when the indexer hashes it: either way, one match.
  await expect(async () => {
    await admin.reload();
    await expect(row.getByRole('cell').nth(2)).toHaveText('1', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await admin.screenshot({ path: `${SCREENS_DIR}/hash-lists-admin.png` });

  const moderator = await (await contextAs(browser, 'moderator')).newPage();
  const moderatorErrors = watchErrors(moderator);
  await moderator.goto(`/workflows/${encodeURIComponent(gallery.workflowId)}`);
  const tile = moderator.locator(`figure[data-blob-id="${target.blobId}"]`);
  await expect(tile).toHaveAttribute('data-tier', '3');
  await expect(tile).toContainText(`Hash list match: ${LIST} — ${LABEL} (distance 6)`);
  await tile.scrollIntoViewIfNeeded();
  await moderator.screenshot({ path: `${SCREENS_DIR}/hash-lists-tile.png` });
  expect((await moderator.request.get(media)).status()).toBe(403);

  await moderator.goto('/queue?preset=hash-match');
  expect(await currentItem(moderator)).toBe(gallery.workflowId);
  expect([...adminErrors, ...moderatorErrors]).toEqual([]);
});
