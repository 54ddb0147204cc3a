import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { OrchestratorError } from '@/lib/orchestrator/errors';
import { EVIDENCE_FORMAT } from '@/lib/review/evidence-manifest';
import { verifyEvidenceZip } from './zip-reader';
import { streamEvidencePackage, type EvidencePart } from './zip-writer';

const header = {
  workflowId: '8484131-20260121222126332',
  exportedBy: { id: 'u1', name: 'Sam Senior', email: 'senior@example.test', role: 'senior' },
  exportedAt: '2026-03-01T10:00:00.000Z',
};

async function* partsOf(parts: EvidencePart[]) {
  yield* parts;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('streamEvidencePackage', () => {
  it('writes every file with a manifest whose hashes match, listing what could not be fetched', async () => {
    const media = randomBytes(3 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: 49 }, (_, i) => media.subarray(i * 65536, (i + 1) * 65536));
    const zip = await buffer(
      streamEvidencePackage(
        partsOf([
          { path: 'workflow.json', open: async () => '{"id":"8484131-20260121222126332"}' },
          { path: 'media/A.jpeg', open: async () => Readable.from(chunks) },
          { path: 'media/B.jpeg', open: async () => Promise.reject(new OrchestratorError('not_found', 'The blob no longer exists.')) },
          { path: 'media/C.jpeg', open: async () => Promise.reject(new Error('https://storage/x?sig=secret')) },
          { path: 'jobs/j/detail.json', missing: 'The job could not be read.' },
          { path: 'decisions.json', open: async () => Buffer.from('[]') },
        ]),
        header,
      ),
    );
    const { manifest, entries, problems } = verifyEvidenceZip(zip);
    expect(problems).toEqual([]);
    expect(manifest.format).toBe(EVIDENCE_FORMAT);
    expect(manifest.exportedBy.email).toBe('senior@example.test');
    expect(manifest.files.map((file) => file.path)).toEqual(['workflow.json', 'media/A.jpeg', 'decisions.json']);
    expect(manifest.files[1]).toEqual({ path: 'media/A.jpeg', bytes: media.length, sha256: sha256(media) });
    expect(entries.find((entry) => entry.path === 'media/A.jpeg')?.data.equals(media)).toBe(true);
    expect(manifest.missing).toEqual([
      { path: 'media/B.jpeg', reason: 'The blob no longer exists.' },
      // A foreign error's text (which could hold a signed URL) is never copied into the package.
      { path: 'media/C.jpeg', reason: 'could not be fetched' },
      { path: 'jobs/j/detail.json', reason: 'The job could not be read.' },
    ]);
  });

  it('fails the download when a file breaks midway, rather than packaging a truncated file', async () => {
    async function* brokenMedia() {
      yield Buffer.alloc(1024, 1);
      throw new Error('upstream reset');
    }
    const stream = streamEvidencePackage(partsOf([{ path: 'media/A.jpeg', open: async () => Readable.from(brokenMedia()) }]), header);
    await expect(buffer(stream)).rejects.toThrow();
  });
});
