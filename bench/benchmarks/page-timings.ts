import type { Browser, BrowserContext } from '@playwright/test';
import { launchChromium, signedInContext } from '../harness/browser';
import type { Benchmark, BenchContext } from '../harness/context';
import { figure, NotAvailable, percentile, round, type Figure } from '../harness/figures';

/**
 * What a moderator waits for, in Debian Chromium against the production build (upstream latency 50 ms):
 * - the workflow page of the gallery scenario (18 outputs): navigation start → first preview pixels painted, cold
 *   (the first time anyone opens it: a console that has not read it since it started, though it has served another
 *   page, and an empty browser cache) and warm (the same browser opening it again);
 * - the user page of the risky user: navigation start → every section shows its data (no loading region left).
 * Times come from the page's own clock (performance.now(), which starts at navigation), read by a script that
 * runs before any of the console's.
 */

const FIRST_PIXELS_WARM_MS = 1_000;
const FIRST_PIXELS_COLD_MS = 2_000;
const USER_PAGE_MS = 1_000;

/** Marks the first tile image painted, and the first frame where a page has no loading region left. */
const MARKERS = `
  window.__firstPixels = null;
  window.__settled = null;
  document.addEventListener('load', (event) => {
    const target = event.target;
    if (window.__firstPixels === null && target instanceof HTMLImageElement && target.matches('figure[data-blob-id] img[data-media]')) {
      requestAnimationFrame(() => { window.__firstPixels ??= performance.now(); });
    }
  }, true);
  const settle = () => {
    const ready = document.querySelector('[data-testid="user-workflow-count"]') && !document.querySelector('main [aria-busy="true"]');
    if (ready) window.__settled = performance.now();
    else requestAnimationFrame(settle);
  };
  requestAnimationFrame(settle);
`;

async function newContext(browser: Browser, ctx: BenchContext): Promise<BrowserContext> {
  const context = await signedInContext(browser, ctx);
  await context.addInitScript(MARKERS);
  return context;
}

/** Serves one other workflow page after a restart, so a cold sample measures this workflow, not Next's first render. */
async function warmUp(browser: Browser, ctx: BenchContext, path: string): Promise<void> {
  const context = await newContext(browser, ctx);
  const page = await context.newPage();
  await page.goto(`${ctx.console.origin}${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
  await context.close();
}

/** Opens `path` and answers the page-clock time of `marker` once it is set. */
async function timeTo(context: BrowserContext, origin: string, path: string, marker: '__firstPixels' | '__settled'): Promise<number> {
  const page = await context.newPage();
  try {
    const response = await page.goto(`${origin}${path}`, { waitUntil: 'commit' });
    if (!response?.ok()) throw new NotAvailable(`${path} answered ${response?.status()}`);
    const handle = await page.waitForFunction((name) => (window as unknown as Record<string, number | null>)[name], marker, { timeout: 30_000 });
    return Number(await handle.jsonValue());
  } finally {
    await page.close();
  }
}

const describe = (samples: number[]) => `samples ${samples.map((ms) => Math.round(ms)).join(', ')} ms`;

export const pageTimings: Benchmark = {
  id: 'pages',
  title: 'Browser timings: workflow page first pixels, user page',
  async run(ctx) {
    const gallery = ctx.scenarios.gallery as { workflowId: string; blobs: unknown[] } | undefined;
    const risky = ctx.scenarios.riskyUser as { userId: number } | undefined;
    const other = ctx.scenarios.drillDown24 as { workflowId: string } | undefined;
    if (!gallery || !risky || !other) throw new NotAvailable('the emulator publishes no gallery, risky-user or drill-down scenario');
    const workflowPath = `/workflows/${encodeURIComponent(gallery.workflowId)}`;
    const userPath = `/users/${risky.userId}`;
    const coldRuns = ctx.mode === 'smoke' ? 1 : 3;
    const warmRuns = ctx.mode === 'smoke' ? 1 : 10;

    const browser = await launchChromium();
    try {
      // Cold: each sample after a console restart (nothing of the workflow read or kept) and one other workflow page,
      // in a browser with an empty cache. A smoke run skips the restart (about 8 s): its console may have read it.
      const cold: number[] = [];
      for (let run = 0; run < coldRuns; run += 1) {
        if (ctx.mode === 'full') await ctx.restartConsole();
        await warmUp(browser, ctx, `/workflows/${encodeURIComponent(other.workflowId)}`);
        const context = await newContext(browser, ctx);
        cold.push(await timeTo(context, ctx.console.origin, workflowPath, '__firstPixels'));
        await context.close();
      }
      // Warm: one browser, the page opened again and again (its previews in the browser's cache, the console's reads fresh).
      const context = await newContext(browser, ctx);
      await timeTo(context, ctx.console.origin, workflowPath, '__firstPixels');
      const warm: number[] = [];
      for (let run = 0; run < warmRuns; run += 1) warm.push(await timeTo(context, ctx.console.origin, workflowPath, '__firstPixels'));
      await timeTo(context, ctx.console.origin, userPath, '__settled');
      const user: number[] = [];
      for (let run = 0; run < warmRuns; run += 1) user.push(await timeTo(context, ctx.console.origin, userPath, '__settled'));
      await context.close();

      const outputs = `${gallery.blobs.length} outputs`;
      const figures: Figure[] = [
        figure('pages.workflowFirstPixels.warm', 'Workflow page: navigation → first preview pixels, warm (p50)', round(percentile(warm, 50), 0), 'ms', `${outputs}; ${describe(warm)}`, { op: '<=', value: FIRST_PIXELS_WARM_MS }),
        figure('pages.workflowFirstPixels.cold', 'Workflow page: navigation → first preview pixels, cold (p50)', round(percentile(cold, 50), 0), 'ms', `${outputs}; first opening: console restarted (then one other workflow page served) and browser cache empty before each; ${describe(cold)}`, { op: '<=', value: FIRST_PIXELS_COLD_MS }),
        figure('pages.userPage', 'User page: navigation → every section shows its data (p50)', round(percentile(user, 50), 0), 'ms', `user ${risky.userId}, signed in as a moderator (risk, strikes, history); ${describe(user)}`, { op: '<=', value: USER_PAGE_MS }),
      ];
      return figures;
    } finally {
      await browser.close();
    }
  },
};
