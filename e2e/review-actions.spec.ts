import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { verifyEvidenceZip } from '../lib/evidence/zip-reader';
import { expect, test } from './fixtures';
import { auditRows, contextAs, control, currentItem, scenarios, signInRoles, upstreamCalls, upstreamWorkflow, watchErrors } from './review-support';

/**
 * Decisions and upstream actions beyond the happy path: two moderators on one workflow, an upstream 503 on the tag
 * write and its retry, cancel and taint reaching the emulator, an evidence package checked against its manifest,
 * and a viewer refused every action.
 */

test.beforeAll(async ({ browser }) => {
  await signInRoles(browser, ['viewer', 'moderator', 'senior', 'admin']);
});

test.afterEach(async () => {
  await control('/faults', { method: 'DELETE' });
});

type ReviewState = { review: { decision: { kind: string; version: number; decidedBy: { name: string } } | null; sync: { state: string; lastError: string | null } | null }; history: { kind: string; decidedBy: { name: string } }[] };

async function reviewState(page: Page, workflowId: string): Promise<ReviewState> {
  const response = await page.request.get(`/api/decisions?workflowId=${workflowId}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as ReviewState;
}

/** Moves the queue with j until `workflowId` is the current item. */
async function goToItem(page: Page, workflowId: string): Promise<void> {
  for (let step = 0; step < 30; step++) {
    const id = await currentItem(page);
    if (id === workflowId) return;
    await page.keyboard.press('j');
    await expect(page.locator('[data-queue-item]')).not.toHaveAttribute('data-queue-item', id);
  }
  throw new Error(`${workflowId} is not in the queue`);
}

test('two moderators on one workflow: the second is told about the first and overwrites it', async ({ browser }) => {
  const { statusMix } = await scenarios();
  const moderator = await (await contextAs(browser, 'moderator')).newPage();
  const errors = watchErrors(moderator);
  const senior = await (await contextAs(browser, 'senior')).newPage();
  await moderator.goto(`/queue?tags=${encodeURIComponent(statusMix.tag)}`);
  const workflowId = await currentItem(moderator);
  // On the workflow page, which claims nothing: leaving the queue gives its claim back (while it held the item, the
  // senior's decision would have been refused, naming the moderator).
  await moderator.goto(`/workflows/${encodeURIComponent(workflowId)}`);
  const seen = moderator.locator('[data-review-panel] [data-review-version]');
  // The version the moderator decides against is the one shown once the decision state has settled.
  await expect(seen).toHaveAttribute('aria-busy', 'false');
  const version = Number(await seen.getAttribute('data-review-version'));

  // The senior decides first, against the same version the moderator is looking at.
  const first = () =>
    senior.request.post('/api/decisions', {
      data: { workflowId, kind: 'escalated', expectedVersion: version, workflowVersionSeen: 'succeeded:00000000000000ff' },
    });
  // 409 until the queue's release of its claim has landed.
  await expect.poll(async () => ((await (await first()).json()) as { outcome?: string }).outcome).toBe('recorded');

  await moderator.keyboard.press('1');
  const conflict = moderator.getByTestId('decision-conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Sam Senior');
  await expect(conflict).toContainText('Escalated to senior');
  await moderator.getByRole('button', { name: 'Overwrite with mine' }).click();
  await expect(conflict).toBeHidden();

  await expect.poll(async () => (await reviewState(moderator, workflowId)).review.decision?.version).toBe(version + 2);
  const state = await reviewState(moderator, workflowId);
  expect(state.review.decision).toMatchObject({ kind: 'ok', version: version + 2 });
  expect(state.history.slice(-2).map((row) => [row.decidedBy.name, row.kind])).toEqual([
    ['Sam Senior', 'escalated'],
    ['Mo Moderator', 'ok'],
  ]);
  await expect.poll(async () => (await upstreamWorkflow(workflowId)).tags.filter((tag) => tag.startsWith('review:'))).toEqual(['review:ok']);
  expect(errors).toEqual([]);
});

test('an upstream 503 on the tag write keeps the decision, marked not synced; the retry syncs it', async ({ browser }) => {
  const { statusMix } = await scenarios();
  const page = await (await contextAs(browser, 'moderator')).newPage();
  const errors = watchErrors(page);
  await page.goto(`/queue?tags=${encodeURIComponent(statusMix.tag)}`);
  const skipped = await currentItem(page);
  await page.keyboard.press('j');
  await expect(page.locator('[data-queue-item]')).not.toHaveAttribute('data-queue-item', skipped);
  const workflowId = await currentItem(page);
  await control('/calls', { method: 'DELETE' });
  await control('/faults', { method: 'PUT', body: [{ method: 'POST', path: '/tags$', kind: 'status', status: 503, times: 1 }] });

  // Escalation takes an optional note for the senior; Enter sends it.
  await page.keyboard.press('3');
  await page.getByRole('dialog', { name: 'Escalate to a senior' }).getByLabel('Note for the senior (optional)').fill('hands look like a child');
  await page.keyboard.press('Enter');
  const entry = page.getByTestId('queue-session').locator(`[data-session-workflow="${workflowId}"]`);
  await expect(entry).toHaveAttribute('data-session-status', 'recorded');
  await expect(entry.locator('[data-sync-state="error"]')).toContainText('Not synced');
  await expect(entry).toContainText('unavailable');
  // Stored here, not upstream; the write was tried exactly once (writes are never retried on their own).
  expect((await reviewState(page, workflowId)).review).toMatchObject({ decision: { kind: 'escalated', note: 'hands look like a child' }, sync: { state: 'error' } });
  expect((await upstreamWorkflow(workflowId)).tags).not.toContain('review:escalated');
  expect(await upstreamCalls('POST', `/v2/consumer/workflows/${workflowId}/tags$`)).toHaveLength(1);

  await entry.getByRole('button', { name: 'Retry sync' }).click();
  await expect(entry.locator('[data-sync-state="synced"]')).toBeVisible();
  expect((await reviewState(page, workflowId)).review.sync).toMatchObject({ state: 'synced', lastError: null });
  expect((await upstreamWorkflow(workflowId)).tags).toContain('review:escalated');
  expect(errors).toEqual([]);
});

test('a senior cancels a running workflow and taints a job; both reach the emulator and the audit log', async ({ browser }) => {
  const { processing } = await scenarios();
  const page = await (await contextAs(browser, 'senior')).newPage();
  const errors = watchErrors(page);
  await page.goto('/queue?status=processing');
  await goToItem(page, processing.workflowId);
  await page.getByText('Tags and upstream actions').click();

  await page.getByRole('button', { name: 'Cancel workflow' }).click();
  const cancel = page.getByRole('dialog', { name: 'Cancel this workflow' });
  await cancel.getByLabel('Reason (recorded in the audit log)').fill('stop: reported by legal');
  await cancel.getByRole('button', { name: 'Cancel workflow' }).click();
  await expect(cancel.getByRole('status')).toContainText('canceled upstream');
  await cancel.getByRole('button', { name: 'Close' }).first().click();
  expect((await upstreamWorkflow(processing.workflowId)).status).toBe('canceled');
  expect(await upstreamCalls('PUT', `/v2/consumer/workflows/${processing.workflowId}$`)).toHaveLength(1);

  const taintButton = page.getByRole('button', { name: /^Taint job / }).first();
  const jobId = ((await taintButton.getAttribute('aria-label')) ?? '').replace('Taint job ', '');
  await taintButton.click();
  const taint = page.getByRole('dialog', { name: 'Taint this job' });
  await taint.getByLabel('Reason (sent to the Orchestration API)').fill('confirmed abusive output');
  await taint.getByRole('button', { name: 'Taint job' }).click();
  await expect(taint.getByRole('status')).toContainText('tainted upstream');
  const taints = (await (await control('/taints')).json()) as { jobId: string; reason: string }[];
  expect(taints).toContainEqual(expect.objectContaining({ jobId, reason: 'confirmed abusive output' }));

  const admin = await (await contextAs(browser, 'admin')).newPage();
  expect(await auditRows(admin, { action: 'cancel', targetId: processing.workflowId })).toEqual([
    expect.objectContaining({ actor_email: 'senior@demo.invalid', actor_role: 'senior', target_type: 'workflow' }),
  ]);
  expect(await auditRows(admin, { action: 'taint', targetId: jobId })).toEqual([
    expect.objectContaining({ actor_email: 'senior@demo.invalid', workflow_id: processing.workflowId }),
  ]);
  expect(errors).toEqual([]);
});

test('the evidence package of a 24-output workflow: every file matches its manifest hash, and the export is audited', async ({ browser }) => {
  const { drillDown24 } = await scenarios();
  const senior = await (await contextAs(browser, 'senior')).newPage();
  const response = await senior.request.get(`/api/workflows/${drillDown24.workflowId}/evidence`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/zip');
  expect(response.headers()['cache-control']).toContain('no-store');
  const { manifest, entries, problems } = verifyEvidenceZip(await response.body());
  expect(problems).toEqual([]);
  expect(manifest).toMatchObject({ workflowId: drillDown24.workflowId, exportedBy: { email: 'senior@demo.invalid', role: 'senior' } });
  expect(entries.filter((entry) => entry.path.endsWith('/detail.json'))).toHaveLength(drillDown24.jobCount);
  const media = entries.filter((entry) => entry.path.startsWith('media/'));
  expect(media.length).toBeGreaterThan(0);
  for (const file of media) {
    const blob = (await (await control(`/blobs/${file.path.slice('media/'.length)}`)).json()) as { sha256: string };
    expect(createHash('sha256').update(file.data).digest('hex')).toBe(blob.sha256);
  }
  const admin = await (await contextAs(browser, 'admin')).newPage();
  expect(await auditRows(admin, { action: 'export', targetId: drillDown24.workflowId })).toEqual([
    expect.objectContaining({ actor_email: 'senior@demo.invalid', target_type: 'workflow' }),
  ]);
});

test('a viewer is refused every review action (403, audited, nothing upstream); without a session it is 401', async ({ browser }) => {
  const { statusMix, processing, riskyUser } = await scenarios();
  const viewer = await (await contextAs(browser, 'viewer')).newPage();
  const workflowId = processing.workflowId;
  const decision = { workflowId, kind: 'ok', expectedVersion: 0, workflowVersionSeen: 'succeeded:0000000000000000' };
  const actions: [string, string, unknown][] = [
    ['POST', '/api/decisions', decision],
    ['POST', '/api/decisions/bulk', { kind: 'ok', items: [{ workflowId, expectedVersion: 0, workflowVersionSeen: 'succeeded:0000000000000000' }] }],
    ['POST', '/api/decisions/undo', { decisionId: '00000000-0000-4000-8000-000000000000' }],
    ['POST', '/api/decisions/sync', { workflowId }],
    ['POST', `/api/workflows/${workflowId}/tags`, { tag: 'x' }],
    ['DELETE', `/api/workflows/${workflowId}/tags`, { tag: 'x' }],
    ['POST', `/api/workflows/${workflowId}/cancel`, {}],
    ['POST', `/api/jobs/${riskyUser.aboveJobId}/taint`, { reason: 'x' }],
    ['GET', `/api/workflows/${workflowId}/evidence`, undefined],
    ['GET', `/api/queue?tags=${encodeURIComponent(statusMix.tag)}`, undefined],
  ];
  await control('/calls', { method: 'DELETE' });
  for (const [method, path, data] of actions) {
    const response = await viewer.request.fetch(path, { method, data });
    expect(response.status(), `${method} ${path}`).toBe(403);
  }
  expect((await viewer.goto('/queue'))?.status()).toBe(403);

  const anonymous = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  for (const [method, path, data] of actions) {
    expect((await anonymous.request.fetch(path, { method, data })).status(), `${method} ${path} without a session`).toBe(401);
  }
  await anonymous.close();

  // Nothing reached the upstream, and every refusal is in the audit log.
  for (const method of ['POST', 'PUT', 'DELETE', 'GET']) expect(await upstreamCalls(method, '.')).toEqual([]);
  const admin = await (await contextAs(browser, 'admin')).newPage();
  const denied = await auditRows(admin, { action: 'access_denied', actor: 'viewer@demo.invalid' });
  expect(denied.length).toBeGreaterThanOrEqual(actions.length + 1);
});
