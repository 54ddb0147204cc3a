import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/index';
import type { SessionUser } from '@/lib/auth/session-user';
import { auditEvent } from '@/lib/db/schema';
import { startConsoleUnderTest, type ConsoleUnderTest } from '@/test/console-under-test';
import type { TestDatabase } from '@/test/databases';
import { GET } from './workflows/[id]/evidence/route';
import { ORIGINAL_LEFT_OUT } from '@/lib/evidence/package';
import { verifyEvidenceZip } from '@/lib/evidence/zip-reader';

/**
 * The evidence route below HTTP: a workflow with a hard-gated output needs a reason, and each hard-gated original
 * in the package is a `reveal` row naming the export; `originals=none` leaves every original out.
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

let emulator: RunningEmulator;
let database: TestDatabase;
let started: ConsoleUnderTest;
let n = 0;

function senior(): SessionUser {
  n += 1;
  return { id: `u-senior-${n}`, email: `senior${n}@example.test`, name: 'Sam', role: 'senior', sessionId: `s-senior-${n}` };
}

async function exportAs(user: SessionUser, workflowId: string, query = '') {
  session.requireRole.mockResolvedValue(user);
  const request = new Request(`http://console.test/api/workflows/${workflowId}/evidence${query}`);
  const response = await GET(request, { params: Promise.resolve({ id: workflowId }) });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

const auditRows = (actorId: string) => database.handle.db.select().from(auditEvent).where(eq(auditEvent.actorId, actorId)).orderBy(asc(auditEvent.id));

beforeAll(async () => {
  started = await startConsoleUnderTest({ workflows: 40 });
  ({ emulator, database } = started);
});

afterAll(async () => {
  await started?.dispose();
});

beforeEach(() => emulator.control.clearCalls());

describe('GET /api/workflows/[id]/evidence', () => {
  it('refuses a workflow with a hard-gated output without a reason: 400 naming `reason`, nothing audited, no media read', async () => {
    const user = senior();
    const { workflowId } = emulator.control.scenarios.riskyUser;
    for (const query of ['', '?reason=short', '?reason=%20%20%20%20%20%20%20%20%20']) {
      const { response, body } = await exportAs(user, workflowId, query);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(JSON.parse(body.toString('utf8'))).toMatchObject({ kind: 'invalid_input', field: 'reason' });
    }
    expect(await auditRows(user.id)).toEqual([]);
    expect(emulator.control.calls({ path: /^\/v2\/consumer\/blobs\/(content|blocked)\// })).toEqual([]);
  });

  it('with a reason: the manifest records it, and each hard-gated original is a reveal naming the export', async () => {
    const user = senior();
    const { workflowId } = emulator.control.scenarios.riskyUser;
    const reason = 'Legal hold request LH-2291';
    const { response, body } = await exportAs(user, workflowId, `?reason=${encodeURIComponent(reason)}`);
    expect(response.status).toBe(200);
    const { manifest, problems } = verifyEvidenceZip(body);
    expect(problems).toEqual([]);
    expect(manifest).toMatchObject({ reason, originals: 'all' });

    const rows = await auditRows(user.id);
    const exported = rows.find((row) => row.action === 'export')!;
    expect(exported).toMatchObject({ reason, targetId: workflowId });
    const exportId = (exported.detail as { exportId: string }).exportId;
    const reveals = rows.filter((row) => row.action === 'reveal');
    expect(reveals.length).toBeGreaterThan(0);
    for (const row of reveals) {
      expect(row).toMatchObject({ targetType: 'blob', workflowId, reason, detail: expect.objectContaining({ via: 'evidence_export', exportId }) });
      expect(row.id > exported.id).toBe(true);
      expect(manifest.files.map((file) => file.path)).toContain(`media/${row.targetId}`);
    }
  });

  it('with originals=none: no original, no reveal row, each output listed as left out on request', async () => {
    const user = senior();
    const { workflowId } = emulator.control.scenarios.riskyUser;
    const { response, body } = await exportAs(user, workflowId, '?originals=none&reason=Hash%20check%20for%20NCMEC');
    expect(response.status).toBe(200);
    const { manifest } = verifyEvidenceZip(body);
    expect(manifest.originals).toBe('none');
    expect(manifest.files.some((file) => file.path.startsWith('media/'))).toBe(false);
    expect(manifest.missing.some((part) => part.reason === ORIGINAL_LEFT_OUT)).toBe(true);
    expect((await auditRows(user.id)).map((row) => row.action)).toEqual(['export']);
  });

  it('needs no reason for a workflow with no hard-gated output', async () => {
    const user = senior();
    const { workflowId } = emulator.control.scenarios.drillDown24;
    const { response } = await exportAs(user, workflowId, '?originals=none');
    expect(response.status).toBe(200);
  });
});
