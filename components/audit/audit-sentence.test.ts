import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '@/lib/audit/audit';
import { describeAuditEvent, type AuditSentence } from './audit-sentence';

const base: AuditRecord = {
  id: '1',
  at: new Date('2026-12-01T10:00:00Z'),
  actorId: 'u1',
  actorEmail: 'moderator@demo.invalid',
  actorRole: 'moderator',
  sessionId: 's1',
  action: 'reveal',
  targetType: 'blob',
  targetId: '01M7ZQ3V2B8K9W4T6X5R1YC1K0.jpeg',
  workflowId: '1637892-20260121222126332',
  reason: 'checking the report',
  detail: { tier: 3 },
  ip: null,
  requestId: null,
};
const context = { names: new Map([['u1', 'Mo Moderator']]), reasonCodes: [{ code: 'minors', label: 'Minors' }] };

/** The sentence as a reader sees it, ids written out in full. */
function read(sentence: AuditSentence): string {
  return sentence.parts.map((part) => ('words' in part ? part.words : 'value' in part ? part.value : `[${part.kind} ${part.id}]`)).join(' ');
}

describe('describeAuditEvent', () => {
  it('says who revealed which blob of which workflow, at which tier, with the reason beside it', () => {
    const sentence = describeAuditEvent(base, context);
    expect(read(sentence)).toBe(
      'Mo Moderator revealed [blob 01M7ZQ3V2B8K9W4T6X5R1YC1K0.jpeg] of workflow [workflow 1637892-20260121222126332] (tier 3)',
    );
    expect(sentence.reason).toBe('checking the report');
  });

  it("puts a decision's reason label and note in the Reason column", () => {
    const decision = { ...base, action: 'decision', targetType: 'workflow', targetId: base.workflowId!, reason: 'second look', detail: { kind: 'flagged', reasonCode: 'minors' } };
    const sentence = describeAuditEvent(decision, context);
    expect(read(sentence)).toBe('Mo Moderator recorded “Flagged” on workflow [workflow 1637892-20260121222126332]');
    expect(sentence.reason).toBe('Minors: second look');
    const undo = { ...decision, reason: null, detail: { undoes: '7', undoneKind: 'ok' } };
    expect(read(describeAuditEvent(undo, context))).toBe('Mo Moderator undid the “OK” decision on workflow [workflow 1637892-20260121222126332]');
  });

  it('falls back to the email, and names sign-in failures and the command line', () => {
    const unknown = { ...base, actorId: 'u9', action: 'tag_add', targetType: 'workflow', targetId: base.workflowId!, detail: { tag: 'gen' } };
    expect(read(describeAuditEvent(unknown, context))).toBe('moderator@demo.invalid tagged workflow [workflow 1637892-20260121222126332] with gen');
    const failed = { ...base, actorId: null, actorEmail: null, action: 'sign_in_failed', targetType: 'user', targetId: 'x@y.z', workflowId: null, detail: null };
    expect(read(describeAuditEvent(failed, context))).toBe('A sign-in as x@y.z failed');
    const invite = { ...base, actorId: null, actorEmail: null, action: 'user_invite', targetType: 'user', targetId: 'u2', workflowId: null, detail: { email: 'a@b.c', role: 'admin' } };
    expect(read(describeAuditEvent(invite, context))).toBe('The server command line created the account a@b.c (admin)');
  });

  it('reads hash list imports, deletions and matches (found by an import, or by the indexer)', () => {
    const list = { ...base, action: 'hash_list_import', targetType: 'hash_list', targetId: 'l1', workflowId: null, reason: null, detail: { name: 'Known bad', rows: 1000, matches: 2 } };
    expect(read(describeAuditEvent(list, context))).toBe('Mo Moderator imported the hash list Known bad (1000 rows, 2 matches)');
    expect(read(describeAuditEvent({ ...list, action: 'hash_list_delete' }, context))).toBe('Mo Moderator deleted the hash list Known bad (1000 rows, 2 matches removed)');
    const match = { ...base, action: 'hash_match', reason: null, detail: { list: 'Known bad', label: 'Series A', distance: 12 } };
    const byIndexer = ' blob [blob 01M7ZQ3V2B8K9W4T6X5R1YC1K0.jpeg] of workflow [workflow 1637892-20260121222126332] to the hash list Known bad — Series A (distance 12)';
    expect(read(describeAuditEvent(match, context))).toBe(`Mo Moderator imported a hash list matching${byIndexer}`);
    expect(read(describeAuditEvent({ ...match, actorId: null, actorEmail: null }, context))).toBe(`The risk index matched${byIndexer}`);
  });

  it('reads role changes, exports and refusals', () => {
    const role = { ...base, action: 'role_change', targetType: 'user', targetId: 'u2', workflowId: null, detail: { email: 'a@b.c', from: 'viewer', to: 'senior' } };
    expect(read(describeAuditEvent(role, context))).toBe('Mo Moderator changed the role of a@b.c from viewer to senior');
    const taint = { ...base, action: 'taint', targetType: 'job', targetId: 'j1', detail: null };
    expect(read(describeAuditEvent(taint, context))).toBe('Mo Moderator tainted job [job j1] of workflow [workflow 1637892-20260121222126332]');
    const denied = { ...base, action: 'access_denied', targetType: 'session', targetId: 's1', workflowId: null, detail: { path: '/audit', required: 'admin' } };
    expect(read(describeAuditEvent(denied, context))).toBe('Mo Moderator was refused /audit (needs admin)');
  });
  it('reads company sign-ins, their refusals and the role changes the IdP groups make', () => {
    const signIn = { ...base, action: 'sso_sign_in', targetType: 'session', targetId: 's1', workflowId: null, detail: { created: true, role: 'moderator', groups: ['trust-safety'] } };
    expect(read(describeAuditEvent(signIn, context))).toBe('Mo Moderator signed in through the identity provider for the first time (account created as moderator)');
    expect(read(describeAuditEvent({ ...signIn, detail: { role: 'moderator' } }, context))).toBe('Mo Moderator signed in through the identity provider');
    const refused = { ...base, actorId: null, actorEmail: null, action: 'sso_sign_in_refused', targetType: 'user', targetId: 'o@contractor.test', workflowId: null, detail: { reason: 'sso_wrong_domain' } };
    expect(read(describeAuditEvent(refused, context))).toBe('A company sign-in as o@contractor.test was refused (sso_wrong_domain)');
    const lowered = { ...refused, action: 'sso_role_change', targetId: 'u2', detail: { email: 'mona@corp.test', from: 'moderator', to: 'viewer', sessionsEnded: 2 } };
    expect(read(describeAuditEvent(lowered, context))).toBe('The identity provider’s groups changed the role of mona@corp.test from moderator to viewer (2 sessions ended)');
  });
});
