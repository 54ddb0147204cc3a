import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/index';
import { MediaUpstream } from '@/lib/media/upstream-blob';
import type { DecisionRecord } from '@/lib/review/history';
import { DEFAULT_REASON_CODES } from '@/lib/review/reason-codes';
import { evidenceParts, ORIGINAL_LEFT_OUT, readEvidenceWorkflow, type EvidenceSources } from './package';
import { createRawReader } from './upstream-raw';
import { verifyEvidenceZip } from './zip-reader';
import { streamEvidencePackage } from './zip-writer';

let emulator: RunningEmulator;
let media: MediaUpstream;
let sources: EvidenceSources;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const header = {
  exportedBy: { id: 'u-sam', name: 'Sam Senior', email: 'sam@example.test', role: 'senior' },
  exportedAt: '2026-11-20T12:30:00.000Z',
};

function decision(workflowId: string): DecisionRecord {
  return {
    id: '3f1c2a8e-0d5b-4c1e-9a77-5b1f0e2d4c6a',
    workflowId,
    blobId: null,
    version: 1,
    action: 'decide',
    kind: 'escalated',
    reasonCode: null,
    note: 'for legal',
    decidedBy: { id: 'u-alice', name: 'Alice', role: 'moderator' },
    decidedAt: '2026-11-20T12:00:00.000Z',
    workflowVersionSeen: 'succeeded:0123456789abcdef',
    undoesDecisionId: null,
  };
}

async function exportZip(workflowId: string, from: EvidenceSources = sources): Promise<Buffer> {
  const read = await readEvidenceWorkflow(from, workflowId);
  return buffer(streamEvidencePackage(evidenceParts(from, read), { workflowId, ...header }));
}

beforeAll(async () => {
  emulator = await startEmulator({ workflows: 40 });
  const token = emulator.control.scenarios.tokens.service;
  media = new MediaUpstream({ baseUrl: emulator.url, token, log: () => {} });
  sources = {
    raw: createRawReader({ baseUrl: emulator.url, token }),
    openMedia: async (blobId, signal) => {
      const opened = await media.open(blobId, { signal });
      return { body: Readable.fromWeb(opened.body as NodeReadableStream<Uint8Array>), withheld: opened.withheld };
    },
    history: async (workflowId) => [decision(workflowId)],
    reasonCodes: DEFAULT_REASON_CODES,
    thresholds: { near: 10, above: 50 },
    originals: { include: true, beforeOriginal: async () => {} },
  };
});

afterAll(async () => {
  await media.close();
  await emulator.close();
});

describe('evidence package', () => {
  it('holds a 24-output workflow with every job, the prompts, the decisions and the original bytes, all hashed', async () => {
    const { workflowId, jobCount } = emulator.control.scenarios.drillDown24;
    const zip = await exportZip(workflowId);
    const { manifest, entries, problems } = verifyEvidenceZip(zip);
    expect(problems).toEqual([]);
    expect(manifest).toMatchObject({ workflowId, exportedBy: header.exportedBy, exportedAt: header.exportedAt });

    const paths = manifest.files.map((file) => file.path);
    expect(paths.filter((path) => path.endsWith('/detail.json'))).toHaveLength(jobCount);
    expect(paths.filter((path) => path.endsWith('/scan-context.json'))).toHaveLength(jobCount);
    expect(paths).toEqual(expect.arrayContaining(['workflow.json', 'prompts.json', 'decisions.json']));

    const mediaFiles = entries.filter((entry) => entry.path.startsWith('media/'));
    expect(mediaFiles.length + manifest.missing.filter((part) => part.path.startsWith('media/')).length).toBeGreaterThanOrEqual(jobCount);
    for (const file of mediaFiles) {
      const blob = await emulator.control.blobAsync(file.path.slice('media/'.length));
      // The very bytes the upstream serves for the blob, not a preview or a placeholder.
      expect(sha256(file.data)).toBe(blob!.sha256);
    }

    const decisions = JSON.parse(entries.find((entry) => entry.path === 'decisions.json')!.data.toString('utf8')) as unknown[];
    expect(decisions).toEqual([expect.objectContaining({ kind: 'escalated', note: 'for legal', decidedBy: expect.objectContaining({ name: 'Alice' }) })]);
    const scan = JSON.parse(entries.find((entry) => entry.path.endsWith('/scan-context.json'))!.data.toString('utf8')) as Record<string, unknown>;
    expect(scan).toHaveProperty('context.hive_csam_score');
    expect(scan).toHaveProperty('interpreted.csam.worst');
  });

  it('blanks signed-URL signatures and records the hash of the document as received', async () => {
    const { workflowId } = emulator.control.scenarios.drillDown24;
    const received = await sources.raw.read(`/v2/consumer/workflows/${workflowId}?hideMatureContent=false`, 'workflow');
    const { manifest, entries } = verifyEvidenceZip(await exportZip(workflowId));
    const packaged = entries.find((entry) => entry.path === 'workflow.json')!.data.toString('utf8');
    expect(received.toString('utf8')).toMatch(/sig=(?!\[redacted\])/);
    expect(packaged).not.toMatch(/sig=(?!\[redacted\])/);
    expect(manifest.redacted).toContainEqual(expect.objectContaining({ path: 'workflow.json', receivedSha256: sha256(received) }));
  });

  it('lists withheld and unavailable outputs as missing, with the reason, instead of packaging a placeholder', async () => {
    const { workflowId, byRole } = emulator.control.scenarios.gallery;
    const { manifest, problems } = verifyEvidenceZip(await exportZip(workflowId));
    expect(problems).toEqual([]);
    const missing = new Map(manifest.missing.map((part) => [part.path, part.reason]));
    expect(missing.get(`media/${byRole.unavailable!.blobId}`)).toMatch(/unavailable/);
    const withheld = Object.values(byRole).find((blob) => blob.blockedReason && blob.available);
    expect(missing.get(`media/${withheld!.blobId}`)).toMatch(/placeholder/);
  });

  it('runs the reveal hook of each original after the upstream opened it and before its bytes go in', async () => {
    const { workflowId } = emulator.control.scenarios.riskyUser;
    const revealed: string[] = [];
    const { manifest, problems } = verifyEvidenceZip(
      await exportZip(workflowId, { ...sources, originals: { include: true, beforeOriginal: async (blobId) => void revealed.push(blobId) } }),
    );
    expect(problems).toEqual([]);
    const packaged = manifest.files.filter((file) => file.path.startsWith('media/')).map((file) => file.path.slice('media/'.length));
    expect(packaged.length).toBeGreaterThan(0);
    expect(revealed).toEqual(packaged);
  });

  it('stops the whole package, with no byte of that original, when the reveal hook fails (fail closed)', async () => {
    const { workflowId } = emulator.control.scenarios.riskyUser;
    const failing: EvidenceSources = {
      ...sources,
      originals: {
        include: true,
        beforeOriginal: async () => {
          throw new Error('audit store down');
        },
      },
    };
    await expect(exportZip(workflowId, failing)).rejects.toThrow(/stopped/);
  });

  it('with originals left out, lists each as left out on request and reads no media', async () => {
    const { workflowId } = emulator.control.scenarios.riskyUser;
    emulator.control.clearCalls();
    const opened: string[] = [];
    const none: EvidenceSources = {
      ...sources,
      openMedia: async (blobId, signal) => {
        opened.push(blobId);
        return sources.openMedia(blobId, signal);
      },
      originals: { include: false, beforeOriginal: async () => {} },
    };
    const { manifest, problems } = verifyEvidenceZip(await exportZip(workflowId, none));
    expect(problems).toEqual([]);
    expect(opened).toEqual([]);
    expect(manifest.files.some((file) => file.path.startsWith('media/'))).toBe(false);
    const leftOut = manifest.missing.filter((part) => part.reason === ORIGINAL_LEFT_OUT);
    expect(leftOut.length).toBeGreaterThan(0);
  });

  it('answers "not found" for an unknown workflow before any byte is produced', async () => {
    await expect(readEvidenceWorkflow(sources, '8484131-20200101000000000')).rejects.toMatchObject({ kind: 'not_found' });
  });
});
