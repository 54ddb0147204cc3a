import { describe, expect, it } from 'vitest';
import { checkManifest, EVIDENCE_FORMAT, evidencePaths, type EvidenceManifest } from './evidence-manifest';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

const manifest: EvidenceManifest = {
  format: EVIDENCE_FORMAT,
  workflowId: 'w',
  exportedBy: { id: 'u', name: 'U', email: 'u@example.test', role: 'senior' },
  exportedAt: '2026-03-01T10:00:00.000Z',
  files: [
    { path: 'workflow.json', bytes: 10, sha256: A },
    { path: 'media/X.jpeg', bytes: 20, sha256: B },
  ],
  missing: [],
  redacted: [],
};

describe('checkManifest', () => {
  it('passes a package whose files are exactly the listed ones', () => {
    const actual = new Map([
      ['workflow.json', { sha256: A, bytes: 10 }],
      ['media/X.jpeg', { sha256: B, bytes: 20 }],
      ['manifest.json', { sha256: B, bytes: 99 }],
    ]);
    expect(checkManifest(manifest, actual)).toEqual([]);
  });

  it('reports a changed, a removed and an added file', () => {
    const actual = new Map([
      ['workflow.json', { sha256: B, bytes: 10 }],
      ['extra.txt', { sha256: A, bytes: 1 }],
    ]);
    expect(checkManifest(manifest, actual)).toEqual([
      { kind: 'hash_mismatch', path: 'workflow.json' },
      { kind: 'missing_file', path: 'media/X.jpeg' },
      { kind: 'unlisted_file', path: 'extra.txt' },
    ]);
  });
});

describe('evidencePaths', () => {
  it('places each part in its folder', () => {
    expect(evidencePaths.jobDetail('j1')).toBe('jobs/j1/detail.json');
    expect(evidencePaths.scanContext('j1')).toBe('jobs/j1/scan-context.json');
    expect(evidencePaths.media('X.jpeg')).toBe('media/X.jpeg');
  });
});
