import type { Page } from '@playwright/test';
import { launchChromium, signedInContext } from '../harness/browser';
import type { Benchmark } from '../harness/context';
import { figure, NotAvailable, round } from '../harness/figures';

/**
 * The workflows list after a reviewer has scrolled through N loaded rows (10,000 in a full run): how many rows are
 * in the DOM. Real Chromium, the production build, infinite scroll driven by scrolling the list to its end.
 */

const LIMIT = 150;
// The screens' own selectors (e2e/screens.spec.ts): the list, its data rows, and its "N workflows loaded" line.
const LIST = '[data-testid="workflow-list"]';
const DATA_ROWS = '[role="row"][data-index]';
const STALL_MS = 20_000;

async function loadedCount(page: Page): Promise<number> {
  const text = (await page.getByText(/workflows loaded/).first().textContent().catch(() => '')) ?? '';
  return Number(/([\d,]+) workflows loaded/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
}

export const domRows: Benchmark = {
  id: 'dom',
  title: 'DOM rows with many loaded',
  async run(ctx) {
    const browser = await launchChromium();
    try {
      const context = await signedInContext(browser, ctx);
      const page = await context.newPage();
      const response = await page.goto(`${ctx.console.origin}/workflows`);
      if (response?.status() === 404) throw new NotAvailable('the /workflows screen does not exist in this build');
      const list = page.locator(LIST);
      try {
        await list.waitFor({ timeout: 15_000 });
      } catch {
        const heading = await page.getByRole('heading', { level: 1 }).first().textContent({ timeout: 1_000 }).catch(() => null);
        throw new NotAvailable(`no ${LIST} on /workflows within 15 s (at ${new URL(page.url()).pathname}, heading “${heading ?? 'none'}”)`);
      }
      const wanted = ctx.sizes.domRowsLoaded;
      const started = performance.now();
      let loaded = 0;
      let grewAt = performance.now();
      // Scroll to the end until the list says it holds `wanted` rows: it asks for its next page when its last rows
      // come into view. No growth within STALL_MS ends the loop.
      while (loaded < wanted && performance.now() - grewAt < STALL_MS) {
        await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
        const count = await loadedCount(page);
        if (count > loaded) {
          loaded = count;
          grewAt = performance.now();
        } else {
          await page
            .waitForFunction(
              (before) => {
                const match = /([\d,]+) workflows loaded/.exec(document.body.innerText);
                return match !== null && Number(match[1]!.replace(/,/g, '')) > before;
              },
              loaded,
              { timeout: 2_000, polling: 100 },
            )
            .catch(() => undefined);
        }
      }
      const domRowCount = await list.locator(DATA_ROWS).count();
      const seconds = (performance.now() - started) / 1000;
      if (loaded === 0) throw new NotAvailable('the list shows no "N workflows loaded" count');
      if (loaded < wanted) throw new Error(`only ${loaded} rows loaded (wanted ${wanted}) before the list stopped growing`);
      return [
        figure('dom.rows', `DOM rows with ${loaded.toLocaleString('en')} loaded`, domRowCount, 'rows', `/workflows scrolled to the end until ${loaded} rows were loaded (${round(seconds, 0)} s); data rows ([role=row][data-index]) in the list's DOM`, {
          op: '<=',
          value: LIMIT,
        }),
      ];
    } finally {
      await browser.close();
    }
  },
};
