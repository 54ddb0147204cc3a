import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import type { BenchContext } from './context';
import { NotAvailable } from './figures';

/** Debian Chromium for the browser benchmarks, and a context signed in as the harness's moderator. */

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new NotAvailable(`no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** A 1440 × 900 context holding the harness's session cookie. */
export async function signedInContext(browser: Browser, ctx: Pick<BenchContext, 'cookie'>): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies(
    ctx.cookie.split('; ').map((pair) => {
      const [name, ...value] = pair.split('=');
      return { name: name!, value: value.join('='), domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' as const };
    }),
  );
  return context;
}
