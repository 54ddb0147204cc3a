import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { Scenarios } from '../emulator/scenarios';
import type { Role } from '../lib/auth/roles';
import { expect, signIn, test } from './fixtures';

/** Shared by the review specs: signed-in contexts per role, the emulator's control endpoint and the audit log. */

const EMULATOR = () => process.env.E2E_EMULATOR_URL!;
const STATE_DIR = 'test-results/review';
export const RESULTS_DIR = STATE_DIR;

export async function control(path: string, init?: { method: string; body?: unknown }): Promise<Response> {
  const response = await fetch(`${EMULATOR()}/__emulator${path}`, {
    method: init?.method ?? 'GET',
    headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`emulator control ${path}: ${response.status}`);
  return response;
}

export async function scenarios(): Promise<Scenarios> {
  return (await (await control('/scenarios')).json()) as Scenarios;
}

export type EmulatorCall = { method: string; path: string; status: number };

export async function upstreamCalls(method: string, path: string): Promise<EmulatorCall[]> {
  const query = new URLSearchParams({ method, path });
  return (await (await control(`/calls?${query}`)).json()) as EmulatorCall[];
}

/** A workflow as the emulator holds it now, read with the console's own service token. */
export async function upstreamWorkflow(workflowId: string): Promise<{ status: string; tags: string[] }> {
  const { tokens } = await scenarios();
  const response = await fetch(`${EMULATOR()}/v2/consumer/workflows/${encodeURIComponent(workflowId)}`, {
    headers: { authorization: `Bearer ${tokens.service}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; tags: string[] };
}

const statePath = (role: Role) => `${STATE_DIR}/.state-${role}.json`;

/** Signs each role in once for the whole file (the sign-in rate limit is for people, not test suites). */
export async function signInRoles(browser: Browser, roles: readonly Role[]): Promise<void> {
  mkdirSync(STATE_DIR, { recursive: true });
  for (const role of roles) {
    const page = await browser.newPage({ baseURL: test.info().project.use.baseURL });
    await signIn(page, role);
    await page.context().storageState({ path: statePath(role) });
    await page.close();
  }
}

export async function contextAs(browser: Browser, role: Role): Promise<BrowserContext> {
  return browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: statePath(role), viewport: { width: 1440, height: 900 } });
}

/** Fails the test on any browser console error or uncaught exception in a page opened outside the fixture. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export type AuditRow = Record<'action' | 'actor_email' | 'actor_role' | 'target_type' | 'target_id' | 'workflow_id' | 'ip' | 'request_id' | 'detail_json', string>;

/** Reads the audit log as an admin through its CSV export (filters as on the audit page). */
export async function auditRows(admin: Pick<Page, 'request'>, filter: Record<string, string>): Promise<AuditRow[]> {
  const response = await admin.request.get(`/api/audit/export?${new URLSearchParams(filter)}`);
  expect(response.status()).toBe(200);
  const [header, ...lines] = parseCsv(await response.text());
  return lines.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index] ?? ''])) as AuditRow);
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  return rows;
}

/** The queue's current item, once its workflow has rendered. */
export async function currentItem(page: Page): Promise<string> {
  const item = page.locator('[data-queue-item][data-loaded="true"]');
  await expect(item).toBeVisible();
  return (await item.getAttribute('data-queue-item'))!;
}

/**
 * `1` marks OK; when an output scores near or above, the console asks first (naming the worst score) and Enter
 * confirms. Waits for whichever comes: the next item, or the confirmation.
 */
export async function pressOk(page: Page, workflowId: string): Promise<void> {
  await page.keyboard.press('1');
  const confirm = page.getByTestId('confirm-ok');
  await expect(page.locator(`[data-queue-item]:not([data-queue-item="${workflowId}"]), [data-testid="confirm-ok"]:visible`).first()).toBeVisible();
  if (await confirm.isVisible()) {
    await expect(confirm).toContainText('CSAM threshold');
    await page.keyboard.press('Enter');
  }
}
