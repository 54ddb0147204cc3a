import { writeFileSync } from 'node:fs';
import { seriousViolations } from './axe';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { auditRows, contextAs, currentItem, pressOk, RESULTS_DIR, scenarios, signInRoles, upstreamWorkflow, watchErrors } from './review-support';

/**
 * A moderator works a triage queue of 20 workflows with the keyboard only: every decision is stored, mirrored
 * upstream as the workflow's review tag and audited; `u` takes the last one back; `r` reveals through the gate.
 * The time from a decision key to the next item on screen is measured in the browser.
 */

test.beforeAll(async ({ browser }) => {
  await signInRoles(browser, ['moderator', 'admin']);
});

/** Records, in the page, the time from a decision key (1, 3, or Enter in the reason picker) to the next item's render. */
async function startTiming(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = { marks: [] as number[], pressedAt: null as number | null, lastId: null as string | null };
    (window as unknown as { triage: typeof state }).triage = state;
    document.addEventListener(
      'keydown',
      (event) => {
        const picking = document.querySelector('dialog[open]') !== null;
        if ((!picking && (event.key === '1' || event.key === '3')) || (picking && event.key === 'Enter')) state.pressedAt = performance.now();
      },
      true,
    );
    const observe = () => {
      const item = document.querySelector('[data-queue-item][data-loaded="true"]');
      const id = item?.getAttribute('data-queue-item') ?? null;
      if (!id || id === state.lastId) return;
      state.lastId = id;
      const pressedAt = state.pressedAt;
      if (pressedAt === null) return;
      state.pressedAt = null;
      // The next frame: the new item has been laid out and painted.
      requestAnimationFrame(() => state.marks.push(performance.now() - pressedAt));
    };
    observe();
    new MutationObserver(observe).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-queue-item', 'data-loaded'] });
  });
}

const decidedToday = async (page: Page) => Number(/(\d+) decided today/.exec((await page.getByTestId('queue-progress').textContent()) ?? '')?.[1]);

test('a 20-item triage session by keyboard only: decisions stored, tags upstream, audit rows written', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await contextAs(browser, 'moderator');
  const page = await context.newPage();
  const errors = watchErrors(page);
  // Any search opens as a queue: here every workflow of the integrator whose token the console holds, newest first.
  await page.goto('/queue?order=newest');
  const first = await currentItem(page);
  await expect(page.getByTestId('queue-progress')).toHaveText(/1 of \d+ · \d+ decided today/);
  const todayBefore = await decidedToday(page);

  // j and k move without deciding.
  await page.keyboard.press('j');
  await expect(page.locator('[data-queue-item]')).not.toHaveAttribute('data-queue-item', first);
  await page.keyboard.press('k');
  await expect(page.locator('[data-queue-item]')).toHaveAttribute('data-queue-item', first);

  await startTiming(page);
  const decided: { workflowId: string; kind: 'ok' | 'flagged' | 'escalated' }[] = [];
  for (let index = 0; index < 20; index++) {
    const workflowId = await currentItem(page);
    const kind = index % 6 === 2 ? 'flagged' : index % 6 === 4 ? 'escalated' : 'ok';
    if (kind === 'flagged') {
      await page.keyboard.press('2');
      await expect(page.getByRole('dialog', { name: 'Flag: pick a reason' })).toBeVisible();
      await page.keyboard.press('3'); // the third reason: Violence
      await page.keyboard.press('Enter');
    } else if (kind === 'ok') {
      await pressOk(page, workflowId);
    } else {
      await page.keyboard.press('3');
      await expect(page.getByRole('dialog', { name: 'Escalate to a senior' })).toBeVisible();
      await page.keyboard.press('Enter');
    }
    decided.push({ workflowId, kind });
    await expect(page.locator('[data-queue-item]')).not.toHaveAttribute('data-queue-item', workflowId);
  }

  // Every decision stored and synced, as the session list shows it.
  const session = page.getByTestId('queue-session');
  for (const { workflowId } of decided) {
    const entry = session.locator(`[data-session-workflow="${workflowId}"]`);
    await expect(entry).toHaveAttribute('data-session-status', 'recorded');
    await expect(entry.locator('[data-sync-state="synced"]')).toBeVisible();
  }
  await expect(page.getByTestId('queue-progress')).toContainText(`${todayBefore + 20} decided today`);

  // u, within 10 s, takes back the last decision and returns to that item; deciding it again keeps the count.
  const last = decided.at(-1)!;
  await page.keyboard.press('u');
  await expect(page.locator('[data-queue-item]')).toHaveAttribute('data-queue-item', last.workflowId);
  await expect(session.locator(`[data-session-workflow="${last.workflowId}"]`)).toHaveAttribute('data-session-status', 'undone');
  await expect(page.locator('[data-queue-item] [data-review-version]')).toContainText('Undo, back to');
  if (last.kind === 'ok') await pressOk(page, last.workflowId);
  else {
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
  }
  await expect(session.locator(`[data-session-workflow="${last.workflowId}"]`)).toHaveAttribute('data-session-status', 'recorded');

  const marks = await page.evaluate(() => (window as unknown as { triage: { marks: number[] } }).triage.marks);
  expect(marks.length).toBeGreaterThanOrEqual(20);
  const sorted = [...marks].sort((a, b) => a - b);
  const timing = {
    items: marks.length,
    meanMs: Math.round(marks.reduce((sum, mark) => sum + mark, 0) / marks.length),
    p50Ms: Math.round(sorted[Math.floor(sorted.length / 2)]!),
    p95Ms: Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!),
    maxMs: Math.round(sorted.at(-1)!),
    perItemMs: marks.map(Math.round),
  };
  writeFileSync(`${RESULTS_DIR}/triage-timing.json`, `${JSON.stringify(timing, null, 2)}\n`);
  test.info().annotations.push({ type: 'time per item (decision key → next item rendered)', description: JSON.stringify(timing) });
  console.log(`triage time per item: ${JSON.stringify(timing)}`);

  // Stored: the console's own record of each decision, with the review tag synced.
  for (const { workflowId, kind } of decided) {
    const response = await page.request.get(`/api/decisions?workflowId=${workflowId}`);
    const body = (await response.json()) as { review: { decision: { kind: string; decidedBy: { role: string } }; sync: { state: string } } };
    expect(body.review.decision).toMatchObject({ kind, decidedBy: { role: 'moderator' } });
    expect(body.review.sync.state).toBe('synced');
    // Visible to other tools: exactly one review tag upstream, the right one.
    const upstream = await upstreamWorkflow(workflowId);
    expect(upstream.tags.filter((tag) => tag.startsWith('review:'))).toEqual([`review:${kind}`]);
  }

  // Audited: one decision row per decision, plus the undo and the decision after it.
  const admin = await (await contextAs(browser, 'admin')).newPage();
  const rows = await auditRows(admin, { action: 'decision', actor: 'moderator@demo.invalid' });
  for (const { workflowId } of decided) expect(rows.some((row) => row.target_id === workflowId && row.actor_role === 'moderator')).toBe(true);
  expect(rows.filter((row) => row.target_id === last.workflowId)).toHaveLength(3);
  expect(errors).toEqual([]);
  await context.close();
  await admin.context().close();
});


test('r reveals the next gated output of the current item through the gate; the queue passes axe in both themes', async ({ browser }) => {
  const { gallery } = await scenarios();
  const context = await contextAs(browser, 'moderator');
  const page = await context.newPage();
  const errors = watchErrors(page);
  // The gallery user's workflows, through the manager list; j until the gallery is the current item.
  await page.goto(`/queue?userId=${gallery.owner}`);
  for (let step = 0; step < 20; step++) {
    const id = await currentItem(page);
    if (id === gallery.workflowId) break;
    await page.keyboard.press('j');
    await expect(page.locator('[data-queue-item]')).not.toHaveAttribute('data-queue-item', id);
  }
  await expect(page.locator('[data-queue-item]')).toHaveAttribute('data-queue-item', gallery.workflowId);
  // Outputs come worst first: the first a moderator may reveal is the "near" one (tier 2, with a reason); the
  // hard-gated ones before it are senior only, and r skips them.
  const gated = gallery.byRole['csam:near']!;
  const tile = page.locator(`figure[data-blob-id="${gated.blobId}"]`);
  await expect(tile).toHaveAttribute('data-revealed', 'false');
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog', { name: 'Reveal gated media' });
  await dialog.getByLabel(/^Reason/).fill('Checking the near score');
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  await expect(tile).toHaveAttribute('data-revealed', 'true');
  await page.keyboard.press('Escape');
  await expect(tile.locator('img')).toHaveAttribute('src', new RegExp(`/api/media/${gated.blobId.replace('.', '\\.')}\\?workflowId=`));
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `${RESULTS_DIR}/queue-${colorScheme}.png`, fullPage: true });
    expect(await seriousViolations(page), `axe, ${colorScheme}`).toEqual([]);
  }
  expect(errors).toEqual([]);
  await context.close();
});
