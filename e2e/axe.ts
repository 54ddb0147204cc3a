import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

async function settled(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
      null,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
}

async function violations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/**
 * Serious or critical accessibility violations on the page once it is still: axe judges what a moderator reads, not
 * a toast or a theme change caught halfway (infinite animations, like a skeleton's pulse, are not waited for). A
 * theme change reaches some parts a render later (sonner follows the system theme through a media-query listener),
 * so a finding is checked once more after a short pause; one that is really there is there both times.
 */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  await settled(page);
  const first = await violations(page, include);
  if (first.length === 0) return first;
  await page.waitForTimeout(500);
  await settled(page);
  return violations(page, include);
}
