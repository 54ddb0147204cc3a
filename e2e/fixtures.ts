import { test as base, expect } from '@playwright/test';

/** Every test collects browser console errors and CSP violations; a test fails if any appear. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, provide) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => {
      errors.push(`unexpected dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await provide(errors);
  },
});

export { expect };

// Signing in as one of the e2e accounts seeded by `scripts/serve.ts --e2e` (lib/auth/demo-users.ts).
import type { Page } from '@playwright/test';
import { E2E_CREDENTIALS } from '../lib/auth/demo-users';
import type { Role } from '../lib/auth/roles';

export { E2E_CREDENTIALS };

/**
 * Signs the page's browser context (or a bare API request context: `{ request }`) in as `role` through the
 * console's sign-in endpoint (fast: no form). The session cookie lands in the context, so the next page.goto is
 * signed in.
 */
export async function signIn(page: Pick<Page, 'request'>, role: Role): Promise<void> {
  const { email, password } = E2E_CREDENTIALS[role];
  const baseURL = test.info().project.use.baseURL!;
  const response = await page.request.post('/api/auth/sign-in/email', {
    data: { email, password },
    headers: { Origin: new URL(baseURL).origin },
  });
  expect(response.status(), `sign-in as ${role}`).toBe(200);
}
