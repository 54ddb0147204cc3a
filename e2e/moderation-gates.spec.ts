import { expect, test } from './fixtures';
import { auditRows, contextAs, currentItem, scenarios, signInRoles, watchErrors } from './review-support';

/**
 * Pending moderation gates (issue 17): a senior works the "Pending moderation gates" preset, approves the scenario
 * training's gate with a message (the emulator holds it approved, the audit log has the row), and a second decision
 * from a page opened before it is shown as "already decided elsewhere", not as an error.
 */

test.beforeAll(async ({ browser }) => {
  await signInRoles(browser, ['senior', 'admin']);
});

const MESSAGE = 'Samples checked: adult subjects only, no real people.';

/** The gate's status as the manager API writes it (PascalCase), read with the service token. */
async function managerGateStatus(workflowId: string): Promise<unknown> {
  const { tokens } = await scenarios();
  const response = await fetch(`${process.env.E2E_EMULATOR_URL}/v1/manager/workflows/${encodeURIComponent(workflowId)}`, {
    headers: { authorization: `Bearer ${tokens.service}` },
  });
  expect(response.status).toBe(200);
  const workflow = (await response.json()) as { steps: { output?: { moderationStatus?: unknown } }[] };
  return workflow.steps.map((step) => step.output?.moderationStatus).find((status) => status !== undefined);
}

test('a senior approves a pending gate from the queue; a second decision is already decided elsewhere', async ({ browser }) => {
  const { pendingGate } = await scenarios();
  const senior = await contextAs(browser, 'senior');
  const queue = await senior.newPage();
  const stale = await senior.newPage();
  const errors = [queue, stale].map(watchErrors);

  // The e2e console runs without its background indexer: opening the workflow indexes it, as every drill-down does.
  await stale.goto(`/workflows/${encodeURIComponent(pendingGate.workflowId)}`);
  const staleGate = stale.getByRole('region', { name: 'Moderation gate: under review' });
  await expect(staleGate).toBeVisible();

  await queue.goto('/queue');
  await queue.getByRole('navigation', { name: 'Queue presets' }).getByRole('link', { name: 'Pending moderation gates' }).click();
  await expect(queue).toHaveURL(/preset=pending-moderation-gates/);
  expect(await currentItem(queue)).toBe(pendingGate.workflowId);
  await expect(queue.locator('html[data-shortcuts="ready"]')).toHaveCount(1);

  const gate = queue.locator('[data-queue-item]').getByRole('region', { name: 'Moderation gate: under review' });
  await gate.getByRole('button', { name: 'Approve' }).click();
  const dialog = queue.getByRole('dialog', { name: 'Approve the moderation gate' });
  await dialog.getByLabel('Message (optional)').fill(MESSAGE);
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog.getByRole('status')).toHaveText('The gate is approved upstream, with your message.');
  await expect(queue.getByText('Moderation gate approved')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(queue.locator('[data-queue-item]').getByRole('region', { name: 'Moderation gate: approved' })).toBeVisible();
  expect(await managerGateStatus(pendingGate.workflowId)).toBe('Approved');

  // The page opened before still offers the gate: its Deny asks for a message, and the upstream says it is decided.
  await expect(stale.locator('html[data-shortcuts="ready"]')).toHaveCount(1);
  await staleGate.getByRole('button', { name: 'Deny' }).click();
  const deny = stale.getByRole('dialog', { name: 'Deny the moderation gate' });
  await expect(deny.getByRole('button', { name: 'Deny' })).toBeDisabled();
  await deny.getByLabel('Message (required: why it is denied)').fill('Second look from another tab');
  await deny.getByRole('button', { name: 'Deny' }).click();
  await expect(deny.getByRole('status')).toContainText('Already decided elsewhere');
  await expect(deny.getByRole('alert')).toHaveCount(0);
  await expect(stale.getByText('Moderation gate already decided elsewhere')).toBeVisible();
  await expect(stale.getByRole('region', { name: 'Moderation gate: already decided elsewhere' })).toBeVisible();
  expect(await managerGateStatus(pendingGate.workflowId)).toBe('Approved');

  // Both decisions are in the audit log; the second says it did not land. The queue no longer lists the workflow.
  const admin = await (await contextAs(browser, 'admin')).newPage();
  const rows = await auditRows(admin, { action: 'moderation_gate', targetId: pendingGate.workflowId });
  const decisions = rows.map((row) => ({ role: row.actor_role, reason: (row as Record<string, string>).reason, detail: JSON.parse(row.detail_json) as unknown }));
  expect(decisions).toEqual(
    expect.arrayContaining([
      { role: 'senior', reason: MESSAGE, detail: { approved: true } },
      { role: 'senior', reason: 'Second look from another tab', detail: { approved: false } },
      { role: 'senior', reason: 'Second look from another tab', detail: { approved: false, outcome: 'failed', kind: 'conflict' } },
    ]),
  );
  expect(decisions).toHaveLength(3);
  const listed = await queue.request.get('/api/queue?preset=pending-moderation-gates');
  expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);

  // The browser logs the 409 it was answered; nothing else.
  expect(errors.flat().filter((error) => !/status of 409/.test(error))).toEqual([]);
});
