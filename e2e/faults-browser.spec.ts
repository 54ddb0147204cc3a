import type { Scenarios } from '../emulator/scenarios';
import { expect, signIn, test } from './fixtures';

/**
 * TEST-PLAN F-06 in a real browser: a long untrusted prompt is shown truncated with a "show more" that says how much
 * is hidden, expanding it does not block the main thread, and JSON keys like `__proto__` pollute nothing.
 */

const EMULATOR = `${process.env.E2E_EMULATOR_URL}/__emulator`;
const LONG_TASK_LIMIT_MS = 200;

test('F-06: a long prompt is truncated with "show more", expands without blocking, and pollutes no prototype', async ({ page, consoleErrors }) => {
  const scenarios = (await (await fetch(`${EMULATOR}/scenarios`)).json()) as Scenarios;
  // Long tasks (main thread busy > 50 ms) as Chromium reports them, collected from the first script on.
  await page.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = seen;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => seen.push(entry.duration))).observe({ type: 'longtask', buffered: true });
  });
  await signIn(page, 'viewer');
  await page.goto(`/workflows/${scenarios.hostileText.workflowId}`);

  const more = page.getByRole('button', { name: /Show more \([\d,]+ more characters\)/ }).first();
  await expect(more).toBeVisible();
  const hidden = Number(/\(([\d,]+) more characters\)/.exec((await more.textContent()) ?? '')![1]!.replace(/,/g, ''));
  expect(hidden).toBeGreaterThan(10_000);
  const shownBefore = ((await page.locator('main').textContent()) ?? '').length;

  const before = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.length);
  await more.click();
  await expect(page.getByRole('button', { name: 'Show less' }).first()).toBeVisible();
  // The hidden part reached the page only now (less the button's own words, which changed).
  expect(((await page.locator('main').textContent()) ?? '').length - shownBefore).toBeGreaterThan(hidden - 100);
  const expanding = await page.evaluate((from) => (window as unknown as { longTasks: number[] }).longTasks.slice(from), before);
  expect(Math.max(0, ...expanding)).toBeLessThan(LONG_TASK_LIMIT_MS);

  // The workflow's metadata carried `__proto__` and `constructor.prototype` keys: nothing reached Object.prototype.
  expect(await page.evaluate(() => (({}) as Record<string, unknown>).polluted === undefined)).toBe(true);
  expect(consoleErrors).toEqual([]);
});
