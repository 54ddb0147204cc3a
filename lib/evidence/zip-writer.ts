import 'server-only';
import { ZipArchive } from 'archiver';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isOrchestratorError } from '@/lib/orchestrator/errors';
import { EVIDENCE_FORMAT, MANIFEST_PATH, type EvidenceManifest, type ManifestFile } from '@/lib/review/evidence-manifest';

/**
 * Writes an evidence package as a zip stream: one file at a time, each hashed while it passes through, the
 * manifest last. Nothing is held whole in memory: a file is opened only when the zip is ready for it, and the
 * zip's own backpressure (a slow download) pauses the upstream read.
 */

export type EvidenceBody = Readable | Buffer | string;
/** One file of the package; `open` runs when its turn comes, so a failure to fetch it is recorded, not fatal. */
export type EvidencePart =
  | { path: string; open: () => Promise<EvidenceBody> }
  | { path: string; missing: string }
  | { path: string; redacted: { receivedSha256: string; reason: string } };

/** A part that cannot be had, with a reason that is safe to put in the package (no URLs, no upstream text). */
export class MissingEvidence extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MissingEvidence';
  }
}

/** A part whose failure must end the whole package rather than be listed as missing (a reveal that was not recorded). */
export class EvidenceStopped extends Error {
  constructor(cause: unknown) {
    super('The evidence package was stopped.', { cause });
    this.name = 'EvidenceStopped';
  }
}

export type EvidenceHeader = Pick<EvidenceManifest, 'workflowId' | 'exportedBy' | 'exportedAt' | 'reason' | 'originals'>;

function missingReason(error: unknown): string {
  // Our own error messages are safe to hand over; anything else might carry an upstream URL.
  return isOrchestratorError(error) || error instanceof MissingEvidence ? error.message : 'could not be fetched';
}

function hashingTap(file: ManifestFile): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      file.bytes += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      file.sha256 = hash.digest('hex');
      done();
    },
  });
}

async function appendOne(archive: ZipArchive, path: string, body: EvidenceBody, date: Date): Promise<ManifestFile> {
  const file: ManifestFile = { path, bytes: 0, sha256: '' };
  const tap = hashingTap(file);
  const entryDone = new Promise<void>((resolve) => {
    const onEntry = (entry: { name: string }) => {
      if (entry.name !== path) return;
      archive.off('entry', onEntry);
      resolve();
    };
    archive.on('entry', onEntry);
  });
  archive.append(tap, { name: path, date });
  // The source is read only as fast as the archive takes it; a failure midway fails the whole package.
  await Promise.all([pipeline(typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : body, tap), entryDone]);
  return file;
}

export function streamEvidencePackage(parts: AsyncIterable<EvidencePart>, header: EvidenceHeader, signal?: AbortSignal): Readable {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const date = new Date(header.exportedAt);
  const write = async () => {
    const files: ManifestFile[] = [];
    const missing: EvidenceManifest['missing'] = [];
    const redacted: EvidenceManifest['redacted'] = [];
    for await (const part of parts) {
      signal?.throwIfAborted();
      if ('missing' in part) {
        missing.push({ path: part.path, reason: part.missing });
        continue;
      }
      if ('redacted' in part) {
        redacted.push({ path: part.path, ...part.redacted });
        continue;
      }
      let body: EvidenceBody;
      try {
        body = await part.open();
      } catch (error) {
        if (signal?.aborted || error instanceof EvidenceStopped) throw error;
        missing.push({ path: part.path, reason: missingReason(error) });
        continue;
      }
      files.push(await appendOne(archive, part.path, body, date));
    }
    const manifest: EvidenceManifest = { format: EVIDENCE_FORMAT, ...header, files, missing, redacted };
    archive.append(JSON.stringify(manifest, null, 2), { name: MANIFEST_PATH, date });
    await archive.finalize();
  };
  write().catch((error: unknown) => {
    archive.abort();
    archive.destroy(error instanceof Error ? error : new Error('evidence package failed'));
  });
  return archive;
}
