import { describe, expect, it } from 'vitest';
import { DEFAULT_REASON_CODES } from './reason-codes';
import { bulkDecisionRequestSchema, decisionRequestSchema, tagRequestSchema, taintRequestSchema } from './requests';

const decision = decisionRequestSchema(DEFAULT_REASON_CODES);
const base = { workflowId: '8484131-20260121222126332', expectedVersion: 0, workflowVersionSeen: 'succeeded:0123456789abcdef' };

describe('decision requests', () => {
  it('accepts ok, a flag with a listed reason, and an escalation with a note', () => {
    expect(decision.parse({ ...base, kind: 'ok' })).toMatchObject({ kind: 'ok', reasonCode: null, note: null, blobId: null });
    expect(decision.parse({ ...base, kind: 'flagged', reasonCode: 'violence', note: '  gore  ' })).toMatchObject({ note: 'gore' });
    expect(decision.parse({ ...base, kind: 'escalated', blobId: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg' }).blobId).toBe(
      'JNFDW54JNTATNW42HACYCWSQP0.jpeg',
    );
  });

  it('needs a listed reason on a flag and no reason otherwise', () => {
    expect(decision.safeParse({ ...base, kind: 'flagged' }).success).toBe(false);
    expect(decision.safeParse({ ...base, kind: 'flagged', reasonCode: 'made_up' }).success).toBe(false);
    expect(decision.safeParse({ ...base, kind: 'ok', reasonCode: 'violence' }).success).toBe(false);
  });

  it('refuses path tricks in ids, hidden characters in notes and a forged version', () => {
    expect(decision.safeParse({ ...base, kind: 'ok', workflowId: '../../v2/consumer/blobs/x' }).success).toBe(false);
    expect(decision.safeParse({ ...base, kind: 'ok', note: 'fine\u202e' }).success).toBe(false);
    expect(decision.safeParse({ ...base, kind: 'ok', note: 'x'.repeat(2001) }).success).toBe(false);
    expect(decision.safeParse({ ...base, kind: 'ok', workflowVersionSeen: '<script>' }).success).toBe(false);
    expect(decision.safeParse({ ...base, kind: 'ok', expectedVersion: -1 }).success).toBe(false);
  });

  it('bounds a bulk decision and refuses the same workflow twice', () => {
    const bulk = bulkDecisionRequestSchema(DEFAULT_REASON_CODES);
    expect(bulk.safeParse({ kind: 'ok', items: [base] }).success).toBe(true);
    expect(bulk.safeParse({ kind: 'ok', items: [base, base] }).success).toBe(false);
    expect(bulk.safeParse({ kind: 'ok', items: [] }).success).toBe(false);
    expect(bulk.safeParse({ kind: 'ok', items: Array.from({ length: 51 }, () => base) }).success).toBe(false);
  });
});

describe('tag and taint requests', () => {
  it('applies the contract limits and refuses invisible characters', () => {
    expect(tagRequestSchema.safeParse({ tag: 'needs-legal' }).success).toBe(true);
    expect(tagRequestSchema.safeParse({ tag: 'x'.repeat(201) }).success).toBe(false);
    expect(tagRequestSchema.safeParse({ tag: '' }).success).toBe(false);
    expect(tagRequestSchema.safeParse({ tag: 'a\u200bb' }).success).toBe(false);
  });

  it('trims a tag, then refuses a review tag however it is dressed up', () => {
    expect(tagRequestSchema.parse({ tag: '  needs-legal ' })).toEqual({ tag: 'needs-legal' });
    for (const tag of ['review:ok', ' review:ok', 'review:ok\t', 'Review:Flagged', '\uff52eview:ok', '   ']) {
      const parsed = tagRequestSchema.safeParse({ tag });
      expect(parsed.success, JSON.stringify(tag)).toBe(false);
    }
  });

  it('needs a taint reason of 1-1000 characters', () => {
    expect(taintRequestSchema.safeParse({ reason: 'CSAM confirmed by legal' }).success).toBe(true);
    expect(taintRequestSchema.safeParse({ reason: '   ' }).success).toBe(false);
    expect(taintRequestSchema.safeParse({ reason: 'x'.repeat(1001) }).success).toBe(false);
  });
});
