import { expect, test } from './fixtures';

test('home page explains the console, sends the security headers and logs no error', async ({ page, consoleErrors }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review AI generations safely');

  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['permissions-policy']).toContain('microphone=()');
  expect(headers['permissions-policy']).toContain('geolocation=()');
  expect(headers['x-powered-by']).toBeUndefined();

  // Hydration ran under the strict CSP: Next's scripts carry the nonce.
  const nonced = await page.locator('script[nonce]').count();
  expect(nonced).toBeGreaterThan(0);

  await page.screenshot({ path: 'test-results/screens/home-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screens/home-dark.png', fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('API answers (which skip the page proxy) carry a CSP that lets nothing load or run, and the media sandbox stays their own', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(health.headers()['x-content-type-options']).toBe('nosniff');
  const refused = await request.get('/api/workflows');
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  const media = await request.get('/api/media/not-a-blob/preview');
  expect(media.headers()['content-security-policy']).toBe("sandbox; default-src 'none'");
});
