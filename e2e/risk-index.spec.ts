import { mkdirSync } from 'node:fs';
import type { Scenarios } from '../emulator/scenarios';
import { expect, signIn, test } from './fixtures';

/**
 * The risk index issue as a moderator meets it: every output shows its own CSAM score (the 3.12 % output beside a
 * 61.50 % one is not "above"), and the media gate places blobs itself (a reveal without the workflow is still the
 * hard gate; the unreadable-job case is in lib/media/serve.test.ts, where no cache can hide it). API-level where a
 * browser adds nothing.
 */

const EMULATOR = `${process.env.E2E_EMULATOR_URL}/__emulator`;
const SCREENS_DIR = 'test-results/screens';
const REASON = 'Checking a user report about this output';

let scenarios: Scenarios;

test.beforeAll(async () => {
  mkdirSync(SCREENS_DIR, { recursive: true });
  scenarios = (await (await fetch(`${EMULATOR}/scenarios`)).json()) as Scenarios;
});

/** The two outputs of the risky user's job that scored "3.12 %, 61.50 %". */
async function riskyOutputs(page: import('@playwright/test').Page): Promise<{ below: string; above: string }> {
  const answer = await (await page.request.get(`/api/workflows/${scenarios.riskyUser.workflowId}`)).json();
  const rows = (answer.blobs as { blobId: string; jobId: string | null; csamPercent: number | null; tier: number }[]).filter(
    (row) => row.jobId === scenarios.riskyUser.aboveJobId,
  );
  expect(rows.map((row) => [row.csamPercent, row.tier >= 3])).toEqual([
    [3.12, false],
    [61.5, true],
  ]);
  return { below: rows[0]!.blobId, above: rows[1]!.blobId };
}

test('each tile shows its own output’s CSAM score', async ({ page, consoleErrors }) => {
  await signIn(page, 'moderator');
  const { below, above } = await riskyOutputs(page);
  await page.goto(`/workflows/${scenarios.riskyUser.workflowId}`);
  const low = page.locator(`figure[data-blob-id="${below}"]`);
  const high = page.locator(`figure[data-blob-id="${above}"]`);
  await expect(low.getByText('CSAM 3.12 %')).toBeVisible();
  await expect(low).not.toContainText('above the hard-gate threshold');
  await expect(high.getByText('CSAM 61.50 %')).toBeVisible();
  await expect(high).toHaveAttribute('data-tier', '3');
  await expect(high).toContainText('CSAM score (61.50 %) above the hard-gate threshold');
  await high.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS_DIR}/risk-own-scores.png` });
  expect(consoleErrors).toEqual([]);
});

test('a reveal that leaves out the workflow is placed by the server: tier 3 stays closed to a moderator', async ({ page }) => {
  await signIn(page, 'moderator');
  const { above } = await riskyOutputs(page);
  const headers = { 'content-type': 'application/json', Origin: new URL(test.info().project.use.baseURL!).origin };
  const reveal = await page.request.post(`/api/media/${encodeURIComponent(above)}/reveal`, { data: { reason: REASON }, headers });
  expect(reveal.status()).toBe(403);
  expect((await page.request.get(`/api/media/${encodeURIComponent(above)}`)).status()).toBe(403);
  // Naming a clean workflow instead cannot lower it either.
  const laundered = await page.request.post(`/api/media/${encodeURIComponent(above)}/reveal?workflowId=${scenarios.gallery.workflowId}`, {
    data: { reason: REASON },
    headers,
  });
  expect(laundered.status()).toBe(403);
});
