import { describe, expect, it } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import type { SessionUser } from '@/lib/auth/session-user';
import type { AuditEventInput } from '@/lib/audit/audit';
import { rejection } from '@/test/rejection';
import { decideGate, type MediaGateFacts } from './gating';
import { grantReveal, RevealError, type GrantStore, type RevealDependencies } from './reveal';
import { scanOfOutput } from './read-model';
import { interpretScan } from './scan';

const thresholds = { near: 10, above: 50 };
const now = new Date('2026-03-01T10:00:00Z');
const meta = { ip: '127.0.0.1', requestId: 'req-1' };

function person(role: Role): SessionUser {
  return { id: `u-${role}`, email: `${role}@example.test`, name: role, role, sessionId: `s-${role}` };
}

function facts(overrides: Partial<MediaGateFacts> = {}): MediaGateFacts {
  return {
    nsfwLevel: 'pg',
    blockedReason: null,
    available: true,
    scan: scanOfOutput(interpretScan({ context: { hive_csam_score: '0.00 %' } }, thresholds), 0, 1),
    hashMatches: [],
    ...overrides,
  };
}

/** Records every step in order, so a test can prove the audit row came before the grant. */
function harness(options: { auditFails?: boolean; grantFails?: boolean } = {}) {
  const steps: string[] = [];
  const audits: AuditEventInput[] = [];
  const grants: Parameters<GrantStore['insert']>[0][] = [];
  const deps: RevealDependencies = {
    now: () => now,
    log: (level, event) => steps.push(`log:${event}`),
    audit: async (event) => {
      steps.push(`audit:${event.action}`);
      if (options.auditFails) throw new Error('database down');
      audits.push(event);
      return { id: '42', at: now };
    },
    grants: {
      insert: async (grant) => {
        steps.push('grant');
        if (options.grantFails) throw new Error('database down');
        grants.push(grant);
      },
      findLive: async () => new Map(),
    },
  };
  return { deps, steps, audits, grants };
}

function request(role: Role, gate: Partial<MediaGateFacts>, reason?: string) {
  const user = person(role);
  const decision = decideGate(facts(gate), { role, preferences: { matureTiles: 'blurred' } });
  return { user, blobId: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg', workflowId: '8484131-20260121222126332', reason, decision, meta };
}

const refusal = (promise: Promise<unknown>) => rejection(promise, RevealError);

describe('grantReveal', () => {
  it('tier 2: moderator with a reason → audit row first, then a 10-minute grant bound to user, session and blob', async () => {
    const { deps, steps, audits, grants } = harness();
    const grant = await grantReveal(request('moderator', { nsfwLevel: 'xxx' }, '  report 4411 evidence '), deps);
    expect(steps).toEqual(['audit:reveal', 'grant']);
    expect(grant).toEqual({
      blobId: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg',
      tier: 2,
      expiresAt: '2026-03-01T10:10:00.000Z',
      auditedAt: now.toISOString(),
    });
    expect(audits[0]).toMatchObject({
      action: 'reveal',
      targetType: 'blob',
      targetId: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg',
      workflowId: '8484131-20260121222126332',
      reason: 'report 4411 evidence',
      ip: '127.0.0.1',
      requestId: 'req-1',
      detail: { tier: 2, requires: 'moderator' },
    });
    expect(grants[0]).toMatchObject({ user: { id: 'u-moderator', sessionId: 's-moderator' }, tier: 2, auditEventId: 42 });
  });

  it('tier 1: a click is enough for a viewer, no reason needed; still audited', async () => {
    const { deps, steps } = harness();
    expect((await grantReveal(request('viewer', { nsfwLevel: 'r' }), deps))?.tier).toBe(1);
    expect(steps).toEqual(['audit:reveal', 'grant']);
  });

  it('tier 0 needs no reveal: no audit, no grant', async () => {
    const { deps, steps } = harness();
    expect(await grantReveal(request('viewer', {}), deps)).toBeNull();
    expect(steps).toEqual([]);
  });

  // TEST-PLAN F-08 / F-33: the role is checked first, and the refusal is recorded.
  it('a viewer cannot reveal tier 2: refused, a denied row written, no grant', async () => {
    const { deps, steps, audits } = harness();
    const error = await refusal(grantReveal(request('viewer', { nsfwLevel: 'xxx' }, 'a good long reason'), deps));
    expect(error.kind).toBe('role');
    expect(steps).toEqual(['audit:reveal_denied']);
    expect(audits[0]).toMatchObject({ action: 'reveal_denied', detail: { tier: 2, refusal: 'role' } });
  });

  it('a refusal stands even when its denied row cannot be written', async () => {
    const { deps, steps } = harness({ auditFails: true });
    expect((await refusal(grantReveal(request('viewer', { nsfwLevel: 'xxx' }, 'a good long reason'), deps))).kind).toBe('role');
    expect(steps).toEqual(['audit:reveal_denied', 'log:audit.write_failed']);
  });

  it('tier 2 without a reason is refused before anything is written', async () => {
    const { deps, steps } = harness();
    expect((await refusal(grantReveal(request('moderator', { nsfwLevel: 'xxx' }), deps))).kind).toBe('reason');
    expect((await refusal(grantReveal(request('moderator', { nsfwLevel: 'xxx' }, '   x   '), deps))).kind).toBe('reason');
    expect(steps).toEqual([]);
  });

  it('the hard gate: senior and a reason, for 2 minutes; a moderator is refused', async () => {
    const hard = { scan: scanOfOutput(interpretScan({ context: { hive_csam_score: '88.00 %' } }, thresholds), 0, 1) };
    const { deps } = harness();
    expect((await refusal(grantReveal(request('moderator', hard, 'NCMEC report 4411'), deps))).kind).toBe('role');
    expect((await refusal(grantReveal(request('senior', hard), deps))).kind).toBe('reason');
    const grant = await grantReveal(request('senior', hard, 'NCMEC report 4411'), deps);
    expect(grant).toMatchObject({ tier: 3, expiresAt: '2026-03-01T10:02:00.000Z' });
  });

  it('fails closed when the audit log is down: no grant, and the moderator is told', async () => {
    const { deps, steps, grants } = harness({ auditFails: true });
    const error = await refusal(grantReveal(request('moderator', { nsfwLevel: 'xxx' }, 'report 4411 evidence'), deps));
    expect(error.kind).toBe('audit_unavailable');
    expect(error.message).toMatch(/nothing was revealed/);
    expect(steps).toEqual(['audit:reveal', 'log:audit.write_failed']);
    expect(grants).toEqual([]);
  });

  it('a grant that cannot be stored is a failed reveal, not a silent one', async () => {
    const { deps } = harness({ grantFails: true });
    expect((await refusal(grantReveal(request('moderator', { nsfwLevel: 'xxx' }, 'report 4411 evidence'), deps))).kind).toBe(
      'audit_unavailable',
    );
  });

  it('an unavailable blob has nothing to reveal', async () => {
    const { deps, steps } = harness();
    expect((await refusal(grantReveal(request('admin', { available: false, nsfwLevel: 'xxx' }, 'reason here!'), deps))).kind).toBe(
      'unavailable',
    );
    expect(steps).toEqual([]);
  });

  it('at the daily exposure cap: a tier-2 reveal is refused (audited), a tier-1 reveal is not counted against it', async () => {
    const { deps, steps, grants } = harness();
    const counted: string[] = [];
    deps.exposure = async (reviewerId) => {
      counted.push(reviewerId);
      return { revealed: 3, allowed: 3 };
    };
    const error = await refusal(grantReveal(request('moderator', { nsfwLevel: 'xxx' }, 'report 4411 evidence'), deps));
    expect(error.kind).toBe('exposure_cap');
    expect(error.message).toMatch(/daily limit\. Take a break; a senior can approve more/);
    expect(steps).toEqual(['audit:reveal_denied']);
    expect(grants).toEqual([]);
    expect(counted).toEqual(['u-moderator']);

    expect((await grantReveal(request('moderator', { nsfwLevel: 'r' }), deps))?.tier).toBe(1);
    expect(counted).toEqual(['u-moderator']);
    deps.exposure = async () => ({ revealed: 3, allowed: 4 });
    expect((await grantReveal(request('moderator', { nsfwLevel: 'xxx' }, 'report 4411 evidence'), deps))?.tier).toBe(2);
  });
});

