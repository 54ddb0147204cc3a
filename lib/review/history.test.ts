import { describe, expect, it } from 'vitest';
import { checkVersion, restoredBy, subjectKey, undoProblem, UNDO_WINDOW_MS, type DecisionRecord } from './history';

function record(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    id: 'd1',
    workflowId: '8484131-20260121222126332',
    blobId: null,
    version: 1,
    action: 'decide',
    kind: 'flagged',
    reasonCode: 'violence',
    note: null,
    decidedBy: { id: 'u-alice', name: 'Alice', role: 'moderator' },
    decidedAt: '2026-03-01T10:00:00.000Z',
    workflowVersionSeen: 'succeeded:abc',
    undoesDecisionId: null,
    ...overrides,
  };
}

describe('subjectKey', () => {
  it('keys a workflow and each of its outputs apart', () => {
    expect(subjectKey({ workflowId: 'w', blobId: null })).toBe('w');
    expect(subjectKey({ workflowId: 'w', blobId: 'B.jpeg' })).toBe('w/B.jpeg');
  });
});

describe('checkVersion', () => {
  it('accepts a decision made against the current head', () => {
    expect(checkVersion(0, null)).toEqual({ kind: 'current' });
    expect(checkVersion(1, record())).toEqual({ kind: 'current' });
  });

  it('reports the decision someone else made in between', () => {
    const head = record({ version: 2 });
    expect(checkVersion(1, head)).toEqual({ kind: 'conflict', current: head });
    expect(checkVersion(0, head)).toEqual({ kind: 'conflict', current: head });
  });
});

describe('undoProblem', () => {
  const decidedAt = new Date('2026-03-01T10:00:00.000Z');
  const at = (ms: number) => new Date(decidedAt.getTime() + ms);

  it('lets the author undo within 10 seconds', () => {
    const head = record();
    expect(undoProblem(head, head, 'u-alice', at(UNDO_WINDOW_MS))).toBeNull();
    expect(undoProblem(head, head, 'u-alice', at(UNDO_WINDOW_MS + 1))).toBe('window_passed');
  });

  it('refuses someone else, a superseded decision and an undo of an undo', () => {
    const head = record();
    expect(undoProblem(head, head, 'u-bob', at(1000))).toBe('not_yours');
    expect(undoProblem(head, record({ id: 'd2', version: 2 }), 'u-alice', at(1000))).toBe('superseded');
    const undo = record({ action: 'undo' });
    expect(undoProblem(undo, undo, 'u-alice', at(1000))).toBe('nothing_to_undo');
    expect(undoProblem(null, null, 'u-alice', at(1000))).toBe('nothing_to_undo');
  });
});

describe('restoredBy', () => {
  it('puts back the previous decision, or nothing', () => {
    expect(restoredBy(record({ kind: 'ok', reasonCode: null, note: 'fine' }))).toEqual({ kind: 'ok', reasonCode: null, note: 'fine' });
    expect(restoredBy(null)).toEqual({ kind: null, reasonCode: null, note: null });
  });
});
